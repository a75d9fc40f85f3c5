import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { Client } from 'pg';
import Redis from 'ioredis';
import { PG_SERVER, REDIS_URL } from './herald';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  node: string;
  postgres: string;
  redis: string;
  openFilesLimit: string;
  /** 1-minute load average when the run started: other work on the machine skews every figure. */
  loadAverageAtStart: number;
}

export async function describeMachine(): Promise<MachineInfo> {
  const pg = new Client({ connectionString: `${PG_SERVER}/postgres` });
  await pg.connect();
  const postgres = (await pg.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
  await pg.end();
  const redis = new Redis(REDIS_URL);
  const info = await redis.info('server');
  redis.disconnect();
  let openFilesLimit = '?';
  try {
    openFilesLimit = execFileSync('sh', ['-c', 'ulimit -n']).toString().trim();
  } catch {
    // no sh
  }
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? '?',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres,
    redis: /redis_version:(\S+)/.exec(info)?.[1] ?? '?',
    openFilesLimit,
    loadAverageAtStart: Math.round(loadavg()[0] * 100) / 100,
  };
}
