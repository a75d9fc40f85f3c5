/**
 * Tells an error that means "PostgreSQL or Redis cannot be reached right now" from a bug, so that the
 * exception filter can answer it as docs/API.md's 503 with Retry-After (§1) instead of a 500.
 */
export type Dependency = 'PostgreSQL' | 'Redis';

/**
 * How long a client should wait after PostgreSQL or Redis was unreachable: long enough for a restart or a
 * failover to finish, short enough that a blip costs little.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

interface ErrorLike {
  name?: string;
  message?: string;
  code?: string;
  driverError?: unknown;
  cause?: unknown;
  errors?: unknown[];
}

/** Node socket failures; pg hands them on unchanged when it cannot (re)connect. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is not serving: class 08 (connection exception), 57P01–57P03 (shutting down,
 * crashed, starting up), 53300 (too many connections), 25006 (a read-only standby after a failover), and
 * its own DATABASE_TIMEOUT_MS limits: 57014 (statement_timeout), 55P03 (lock_timeout), 25P03 (a session
 * ended for idling in a transaction).
 */
const PG_UNAVAILABLE = /^(08...|57P0[1-3]|53300|25006|57014|55P03|25P03)$/;

/** What pg and pg-pool say when a connection dies or cannot be had, or an answer does not come in time. */
const PG_MESSAGES =
  /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect|Query read timeout)/;

/**
 * ioredis: a command that gave up waiting for a connection, or one sent on a closed or stalled one; Redis
 * itself: loading its data, a read-only replica, busy running a script, out of memory.
 */
const REDIS_MESSAGES =
  /^(Connection is closed\.|Stream isn't writeable|Command timed out|Reached the max retries per request limit|(LOADING|READONLY|MASTERDOWN|TRYAGAIN|CLUSTERDOWN|BUSY|OOM) )/;

function ownVerdict(error: ErrorLike): Dependency | null {
  const message = typeof error.message === 'string' ? error.message : '';
  if (error.name === 'MaxRetriesPerRequestError' || REDIS_MESSAGES.test(message)) return 'Redis';
  if (typeof error.code === 'string' && PG_UNAVAILABLE.test(error.code)) return 'PostgreSQL';
  if (PG_MESSAGES.test(message)) return 'PostgreSQL';
  // ioredis never rejects a command with a raw socket error (it queues, then fails with its own errors
  // above); pg does, on connect. So a bare socket error here came from PostgreSQL.
  if (typeof error.code === 'string' && SOCKET_CODES.has(error.code)) return 'PostgreSQL';
  return null;
}

/** The dependency `error` says is unavailable, looking through TypeORM's and Node's wrappers; else null. */
export function unavailableDependency(error: unknown, depth = 0): Dependency | null {
  if (!error || typeof error !== 'object' || depth > 5) return null;
  const candidate = error as ErrorLike;
  const verdict = ownVerdict(candidate);
  if (verdict) return verdict;
  const aggregated = Array.isArray(candidate.errors) ? candidate.errors : [];
  for (const inner of [candidate.driverError, candidate.cause, ...aggregated]) {
    const found = unavailableDependency(inner, depth + 1);
    if (found) return found;
  }
  return null;
}
