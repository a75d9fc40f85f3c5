import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Pool } from 'undici';
import { nowMs, pollUntil } from './clock';
import { createScratchDatabase, PG_SERVER } from './databases';
import { onCleanup, spawnManaged, stopChild } from './lifecycle';
import { freePort } from './ports';
import { Progress } from './progress';
import { rssBytes } from './rss';

const ROOT = join(__dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
export { PG_SERVER };
export const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
const ADMIN = { email: 'bench-admin@herald.bench', password: randomBytes(12).toString('hex') };

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** `npm run build` when dist/ is missing or older than src/ or migrations/. */
export function ensureBuilt(progress: Progress): void {
  const stale =
    !existsSync(MAIN) ||
    statSync(MAIN).mtimeMs < Math.max(newestMtime(join(ROOT, 'src')), newestMtime(join(ROOT, 'migrations')));
  if (!stale) return;
  progress.note('herald: dist/ is missing or older than src/, running npm run build');
  const result = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed');
}

export interface HeraldInstance {
  pid: number;
  database: string;
  baseUrl: string;
  token: string;
  pool: Pool;
  logFile: string;
  api<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  /** The same request with another caller's token (or none). */
  apiAs<T = any>(
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /**
   * One more Herald process on the same database, Redis prefix and secrets (e.g. `HERALD_ROLE=worker`),
   * ready when its /health/ready answers 200.
   */
  startSibling(
    name: string,
    env: Record<string, string>,
    launch?: { nodeArgs?: string[]; preload?: string },
  ): Promise<HeraldProcess>;
  rss(): number;
  stop(): Promise<void>;
}

export interface HeraldProcess {
  pid: number;
  baseUrl: string;
  /** When it was spawned and when /health/ready first answered 200 (nowMs). */
  spawnedAt: number;
  readyAt: number;
  stop(): Promise<void>;
}

type Api = HeraldInstance['apiAs'];

/**
 * Herald as a child process (`node dist/src/main.js`, NODE_ENV=production, LOG_LEVEL=warn) on a fresh
 * database `herald_bench_<random>` and Redis prefix, both removed again by the cleanup.
 */
export async function startHerald(
  progress: Progress,
  settings: { env?: Record<string, string>; nodeArgs?: string[]; preload?: string } = {},
): Promise<HeraldInstance> {
  const suffix = randomBytes(4).toString('hex');
  const database = `herald_bench_${suffix}`;
  const prefix = `herald_bench_${suffix}`;
  const databaseUrl = await createScratchDatabase(database);
  onCleanup(`redis prefix ${prefix}`, () => dropRedisPrefix(prefix));

  const logDir = mkdtempSync(join(tmpdir(), 'herald-bench-'));
  // Kept when the run failed (the error message points at it), removed otherwise.
  onCleanup('herald log', () => {
    if (!process.exitCode) rmSync(logDir, { recursive: true, force: true });
  });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    REDIS_URL,
    REDIS_KEY_PREFIX: prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    JWT_EXPIRES_IN: '6h',
    SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    WEBHOOKS_PER_USER_LIMIT: '1000',
    SSE_MAX_CONNECTIONS_PER_USER: '100000',
    ...settings.env,
  };
  const main = await spawnHerald('herald', nodeArgs(settings), env, logDir, progress);
  const login = await main.api<{ access_token: string }>(null, 'POST', '/api/auth/login', ADMIN);
  if (login.status !== 200)
    throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.body)}`);
  const token = login.body.access_token;
  progress.note(`herald: pid ${main.pid} on ${main.baseUrl}, database ${database}, log ${main.logFile}`);
  return {
    pid: main.pid,
    database,
    baseUrl: main.baseUrl,
    token,
    pool: main.pool,
    logFile: main.logFile,
    api: (method, path, body) => main.api(token, method, path, body),
    apiAs: main.api,
    startSibling: async (name, extra, launch = {}) => {
      const sibling = await spawnHerald(name, nodeArgs(launch), { ...env, ...extra }, logDir, progress);
      progress.note(`${name}: pid ${sibling.pid} on ${sibling.baseUrl}, log ${sibling.logFile}`);
      return sibling;
    },
    rss: () => rssBytes(main.pid),
    stop: main.stop,
  };
}

function nodeArgs(launch: { nodeArgs?: string[]; preload?: string }): string[] {
  return [...(launch.nodeArgs ?? []), ...(launch.preload ? ['-r', launch.preload] : []), MAIN];
}

/** Spawns one Herald process on a free port and waits until /health/ready answers 200. */
async function spawnHerald(
  name: string,
  args: string[],
  baseEnv: Record<string, string>,
  logDir: string,
  progress: Progress,
): Promise<HeraldProcess & { pool: Pool; logFile: string; api: Api }> {
  const port = await freePort();
  const logFile = join(logDir, `${name}.log`);
  const log = createWriteStream(logFile);
  const spawnedAt = nowMs();
  const child = spawnManaged(name, process.execPath, args, {
    cwd: ROOT,
    env: { ...baseEnv, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping)
      progress.note(`${name}: exited unexpectedly (code ${code}, signal ${signal}); log ${logFile}`);
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const baseUrl = `http://127.0.0.1:${port}`;
  // Bounded: a request Herald never answers fails the run after a minute instead of hanging it.
  const pool = new Pool(baseUrl, { connections: 64, headersTimeout: 60_000, bodyTimeout: 60_000 });
  onCleanup(`${name} client pool`, () => pool.close());

  const api: Api = async (token, method, path, body) => {
    const response = await pool.request({
      path,
      method: method as 'GET',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.body.text();
    let parsed: any = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (metrics, health text)
    }
    return { status: response.statusCode, body: parsed };
  };

  const ready = await pollUntil(
    async () => {
      if (child.exitCode !== null) return true;
      try {
        return (await api(null, 'GET', '/health/ready')).status === 200;
      } catch {
        return false;
      }
    },
    60_000,
    100,
  );
  if (!ready || child.exitCode !== null) {
    const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`${name} did not become ready on ${baseUrl}; last log lines (${logFile}):\n${tail}`);
  }
  return {
    pid: child.pid!,
    baseUrl,
    spawnedAt,
    readyAt: nowMs(),
    pool,
    logFile,
    api,
    stop: () => {
      stopping = true;
      return stopChild(child, 10_000);
    },
  };
}

async function dropRedisPrefix(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** Creates an event type in the catalog (no schema: any object). 409 = already there, fine. */
export async function ensureEventType(herald: HeraldInstance, type: string): Promise<void> {
  const r = await herald.api('POST', '/api/events/types', { type, description: `bench type ${type}` });
  if (r.status !== 201 && r.status !== 409)
    throw new Error(`creating event type ${type}: ${r.status} ${JSON.stringify(r.body)}`);
}
