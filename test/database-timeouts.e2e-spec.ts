import { Client, Pool } from 'pg';
import { TimeoutSafeClient } from '../src/database/timeout-safe-client';
import { PG_SERVER } from './support/test-app';

/**
 * DATABASE_TIMEOUT_MS on the client's side (pg's query_timeout) gives up waiting but leaves the statement,
 * and whatever transaction it was in, running on the connection. TimeoutSafeClient drops such a connection so
 * that the pool never hands it out again. Real PostgreSQL, a statement slower than the limit.
 */
describe('a connection whose answer did not come in time (e2e)', () => {
  /** As TypeORM uses the pool: connect, query, release without an error whatever the query did. */
  const pidAfterTimeout = async (client: typeof Client) => {
    const pool = new Pool({
      connectionString: `${PG_SERVER}/postgres`,
      Client: client,
      max: 1,
      query_timeout: 500,
    });
    pool.on('error', () => undefined);
    const pidOf = async (connection: { query(text: string): Promise<{ rows: Array<{ pid: number }> }> }) =>
      (await connection.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    try {
      const first = await pool.connect();
      const before = await pidOf(first);
      await expect(first.query('SELECT pg_sleep(1.5)')).rejects.toThrow('Query read timeout');
      first.release();
      const second = await pool.connect();
      try {
        return { before, after: await pidOf(second).catch(() => null) };
      } finally {
        second.release();
      }
    } finally {
      await pool.end().catch(() => undefined);
    }
  };

  it('is handed out again by a plain pg pool, where the next query fails behind the late statement', async () => {
    const { after } = await pidAfterTimeout(Client);
    expect(after).toBeNull();
  });

  it('is dropped with TimeoutSafeClient: the next query gets a new connection', async () => {
    const { before, after } = await pidAfterTimeout(TimeoutSafeClient);
    expect(after).not.toBeNull();
    expect(after).not.toBe(before);
  });
});
