import { Client } from 'pg';
import { PG_SERVER } from './herald';

/**
 * Samples how many PostgreSQL backends serve `database` every `everyMs` until stopped; `stop()` resolves
 * with the most seen at once (the connections a process under load actually holds).
 */
export async function watchBackends(database: string, everyMs = 250): Promise<{ stop(): Promise<number> }> {
  const pg = new Client({ connectionString: `${PG_SERVER}/postgres` });
  await pg.connect();
  let most = 0;
  let sampling = Promise.resolve();
  const sample = async () => {
    const r = await pg.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
      [database],
    );
    most = Math.max(most, r.rows[0].n);
  };
  await sample();
  const timer = setInterval(() => {
    sampling = sampling.then(sample).catch(() => undefined);
  }, everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await sampling;
      await pg.end();
      return most;
    },
  };
}
