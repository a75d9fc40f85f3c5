import Redis from 'ioredis';
import { Client } from 'pg';
import { PG_SERVER, REDIS_URL } from './herald';
import { cpuSeconds } from './rss';
import { round } from './stats';

export interface CpuSnapshot {
  herald: number;
  /** Per backend pid: backends come and go with the pool, so deltas are taken per pid. */
  postgres: Map<number, number>;
  redis: number;
  receiver: number;
}

/**
 * CPU seconds used so far by Herald, by the PostgreSQL backends serving Herald's database, by the Redis
 * server and by the receiver: the difference of two snapshots says where a phase's CPU went.
 */
export async function cpuSnapshot(
  heraldPid: number,
  database: string,
  receiverPid: number,
): Promise<CpuSnapshot> {
  const pg = new Client({ connectionString: `${PG_SERVER}/postgres` });
  await pg.connect();
  const backends = await pg.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [
    database,
  ]);
  await pg.end();
  const redis = new Redis(REDIS_URL);
  const info = await redis.info('server');
  redis.disconnect();
  const redisPid = Number(/process_id:(\d+)/.exec(info)?.[1] ?? 0);
  return {
    herald: cpuSeconds(heraldPid),
    postgres: new Map(backends.rows.map((r) => [r.pid, cpuSeconds(r.pid)])),
    redis: redisPid ? cpuSeconds(redisPid) : 0,
    receiver: receiverPid ? cpuSeconds(receiverPid) : 0,
  };
}

/**
 * CPU milliseconds per unit of work (e.g. per delivery) between two snapshots. PostgreSQL: backends alive
 * at the end, minus what each had used at the start (a backend that closed in between is not counted, so
 * the figure is a lower bound).
 */
export function cpuPer(
  before: CpuSnapshot,
  after: CpuSnapshot,
  units: number,
): Record<keyof CpuSnapshot, number> {
  const ms = (seconds: number) => round((seconds * 1000) / Math.max(1, units), 3);
  let postgres = 0;
  for (const [pid, used] of after.postgres) postgres += used - (before.postgres.get(pid) ?? 0);
  return {
    herald: ms(after.herald - before.herald),
    postgres: ms(postgres),
    redis: ms(after.redis - before.redis),
    receiver: ms(after.receiver - before.receiver),
  };
}
