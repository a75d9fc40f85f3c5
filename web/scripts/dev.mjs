/* global process, console */
// `npm run dev:portal`: Herald in watch mode (unless HERALD_URL points at one already running) and the
// portal's Vite dev server, which reloads the page on every change and sends /api to Herald.
import { spawn } from 'node:child_process';
import { createServer } from 'vite';

const children = [];
if (!process.env.HERALD_URL) {
  children.push(spawn('npx', ['nest', 'start', '--watch'], { stdio: 'inherit' }));
}

const server = await createServer({ configFile: new URL('../vite.config.mts', import.meta.url).pathname });
await server.listen();
server.printUrls();
console.log(
  `portal: open ${server.resolvedUrls?.local[0] ?? 'http://localhost:5173/portal/'} (API: ${process.env.HERALD_URL ?? 'http://localhost:3000'})`,
);

const stop = async () => {
  for (const child of children) child.kill('SIGTERM');
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
