/**
 * Preloaded into the Herald child with `--profile DIR`. `GET /start` on 127.0.0.1:BENCH_PROFILE_PORT starts
 * the V8 CPU profiler and starts counting PostgreSQL queries and Redis commands; `GET /stop` writes
 * `herald-<pid>-<n>.cpuprofile` (open it in Chrome DevTools or speedscope) and `herald-<pid>-<n>.counts.json`
 * to BENCH_PROFILE_DIR and answers with the profile's path. Not `--cpu-prof`, so that only the measured
 * phase is profiled and the files are written even though the bench stops Herald with SIGTERM. Counting wraps `pg.Client#query` and
 * `ioredis#sendCommand` in this process only; Herald's code is not touched.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Session } from 'node:inspector';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const dir = process.env.BENCH_PROFILE_DIR ?? '.';
const session = new Session();
session.connect();
let running = false;
let n = 0;
let sql = new Map<string, number>();
let redis = new Map<string, number>();

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

/** Literal values and whitespace out, so that one statement shape is one key. */
function shape(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/'[^']*'/g, '?')
    .replace(/\$\d+(, ?\$\d+)*/g, '$n')
    .trim()
    .slice(0, 160);
}

// Resolved from Herald's working directory: this file may be compiled to a temp dir.
const load = createRequire(join(process.cwd(), 'package.json'));
const pg = load('pg') as { Client: { prototype: { query: (...args: any[]) => any } } };
const originalQuery = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: unknown, ...args: any[]) {
  if (running) {
    const config = args[0] as string | { text?: string };
    bump(sql, shape(typeof config === 'string' ? config : (config?.text ?? '?')));
  }
  return originalQuery.apply(this, args);
};
const Redis = load('ioredis') as { prototype: { sendCommand: (...args: any[]) => any } };
const originalSend = Redis.prototype.sendCommand;
Redis.prototype.sendCommand = function (this: unknown, ...args: any[]) {
  if (running) {
    const command = args[0] as { name?: string; args?: unknown[] };
    const name = String(command?.name ?? '?');
    // For scripts (Bull's Lua), the script is what matters, not "evalsha".
    bump(
      redis,
      name === 'evalsha' || name === 'eval' ? `${name} ${String(command.args?.[0]).slice(0, 12)}` : name,
    );
  }
  return originalSend.apply(this, args);
};

const sorted = (map: Map<string, number>) =>
  Object.fromEntries([...map.entries()].sort((a, b) => b[1] - a[1]));

function start(): void {
  running = true;
  sql = new Map();
  redis = new Map();
  session.post('Profiler.enable', () =>
    session.post('Profiler.setSamplingInterval', { interval: 200 }, () => session.post('Profiler.start')),
  );
}

function stop(done: (file: string) => void): void {
  running = false;
  session.post('Profiler.stop', (error, result) => {
    const base = join(dir, `herald-${process.pid}-${++n}`);
    if (!error) writeFileSync(`${base}.cpuprofile`, JSON.stringify(result.profile));
    writeFileSync(`${base}.counts.json`, JSON.stringify({ sql: sorted(sql), redis: sorted(redis) }, null, 2));
    done(`${base}.cpuprofile`);
  });
}

// A control port on loopback rather than a signal: Nest's shutdown hooks treat SIGUSR2 as "shut down".
const control = createServer((req, res) => {
  if (req.url === '/start') {
    start();
    res.end('started');
  } else if (req.url === '/stop') stop((file) => res.end(file));
  else res.writeHead(404).end();
});
control.unref();
control.listen(Number(process.env.BENCH_PROFILE_PORT), '127.0.0.1');
