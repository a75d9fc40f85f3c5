import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { closedPort } from './herald-process';
import { waitFor } from './wait-for';

/**
 * Servers of a test's own, on free ports, for tests that stop and restart them (the shared PostgreSQL and
 * Redis are never stopped). Each can be stopped and started again on the same port and data.
 */
export interface PrivateServer {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its files. */
  destroy(): Promise<void>;
}

export async function privateRedis(): Promise<PrivateServer> {
  const port = await closedPort();
  const url = `redis://127.0.0.1:${port}/0`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    await waitFor(() => answers(url), 15_000, `redis-server on ${port}`, 100);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const gone = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await gone;
  };
  await start();
  return { url, start, stop, destroy: stop };
}

async function answers(url: string): Promise<boolean> {
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** A PostgreSQL that can also hang: its processes stopped (SIGSTOP), so sockets stay open and nothing answers. */
export interface PrivatePostgres extends PrivateServer {
  freeze(): void;
  thaw(): void;
}

/** A PostgreSQL cluster in a temporary folder, run as the `postgres` user (the server refuses root). */
export async function privatePostgres(): Promise<PrivatePostgres> {
  const port = await closedPort();
  const dir = mkdtempSync(join(tmpdir(), 'herald-pg-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const asPostgres = (args: string[]) =>
    execFileSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'pipe', timeout: 60_000 });
  asPostgres(['initdb', '-A', 'trust', '-U', 'postgres', '-D', data]);
  const url = `postgres://postgres@127.0.0.1:${port}`;
  const start = async () => {
    asPostgres([
      'pg_ctl',
      '-D',
      data,
      '-l',
      join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ]);
    await waitFor(() => pgAnswers(url), 15_000, `PostgreSQL on ${port}`, 100);
  };
  const stop = async () => {
    try {
      asPostgres(['pg_ctl', '-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
  };
  /** The postmaster (first line of postmaster.pid) and every backend and helper it forked. */
  const processes = (): number[] => {
    const postmaster = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const children = execFileSync('pgrep', ['-P', String(postmaster)], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
    return [postmaster, ...children];
  };
  const signal = (name: NodeJS.Signals) => processes().forEach((pid) => process.kill(pid, name));
  await start();
  return {
    url,
    start,
    stop,
    freeze: () => signal('SIGSTOP'),
    thaw: () => signal('SIGCONT'),
    destroy: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function pgAnswers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: `${url}/postgres` });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}
