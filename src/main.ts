import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { config as loadDotenv } from 'dotenv';
import { StopSignals } from './bootstrap/startup/stop-signals';
import { describeStartupFailure } from './bootstrap/startup/startup-failure';
import { backingServices, waitForServices } from './bootstrap/startup/wait-for-services';
import { loadConfig } from './config/load-config';

// Start-up speaks in plain lines on stderr: the structured logger does not exist yet.
const say = (line: string) => console.error(`herald: ${line}`);

async function main(): Promise<void> {
  const signals = new StopSignals(say);
  loadDotenv({ quiet: true });
  const config = loadConfig(process.env, (warning) => say(`warning: ${warning}`));
  await waitForServices(backingServices(config), {
    timeoutMs: config.startupTimeoutMs,
    say,
    signal: signals.signal,
  });
  // Loaded only now: the application's modules take seconds to load, the start-up lines should not wait.
  const { createApp } = await import('./bootstrap/create-app');
  const app = await createApp(config);
  // Every role listens: a worker serves /health and /metrics only (its API modules are not loaded).
  await app.listen(config.port, '0.0.0.0');
  signals.running(() => app.close());
  const { port } = app.getHttpServer().address() as AddressInfo;
  new Logger('Herald').log(`listening on http://localhost:${port} (HERALD_ROLE=${config.role})`);
}

main().catch((error: unknown) => {
  say(describeStartupFailure(error));
  process.exit(1);
});
