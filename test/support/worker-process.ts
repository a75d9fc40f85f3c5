/*
 * A Herald in its own process, for tests that kill one: `node -r ts-node/register/transpile-only
 * test/support/worker-process.ts` with the test's environment (usually HERALD_ROLE=worker). Prints
 * WORKER_READY once it delivers.
 */
import 'reflect-metadata';
import { createApp } from '../../src/bootstrap/create-app';
import { loadConfig } from '../../src/config/load-config';

async function main(): Promise<void> {
  const app = await createApp(loadConfig(process.env));
  await app.listen(0, '127.0.0.1');
  process.stdout.write('WORKER_READY\n');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
