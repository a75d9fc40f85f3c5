import { Client } from 'pg';
import { failure, ProbeResult } from '../common/probe/probe-result';

/** "database does not exist": the server answers; outside production the database is created next. */
const MISSING_DATABASE = '3D000';

/** One attempt to reach the PostgreSQL server of `url` (a fresh connection, closed again). */
export async function probePostgres(url: string, timeoutMs = 5_000): Promise<ProbeResult> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A connection that fails after connecting emits 'error'; without a listener that would crash the process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return { ok: true };
  } catch (error) {
    if ((error as { code?: string }).code === MISSING_DATABASE) return { ok: true };
    // pg reports its own connection timeout as a plain Error.
    if (/timeout/i.test((error as Error).message ?? ''))
      return { ok: false, retry: true, reason: 'timed out' };
    return failure(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
