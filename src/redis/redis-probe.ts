import Redis from 'ioredis';
import { failure, ProbeResult } from '../common/probe/probe-result';

/** One attempt to reach the Redis of `url`: connect once (no retries of its own), PING, disconnect. */
export async function probeRedis(url: string, timeoutMs = 5_000): Promise<ProbeResult> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // Without a listener ioredis prints "[ioredis] Unhandled error event" with a stack trace. The socket's
  // error (ECONNREFUSED…) says more than the "Connection is closed" that connect() rejects with.
  let socketError: unknown;
  redis.on('error', (error) => (socketError ??= error));
  try {
    await redis.connect();
    await redis.ping();
    return { ok: true };
  } catch (error) {
    const cause = socketError ?? error;
    // A Redis that is loading its dataset answers LOADING: it will be ready soon.
    if (/^LOADING\b/.test((cause as Error).message ?? ''))
      return { ok: false, retry: true, reason: 'loading' };
    return failure(cause);
  } finally {
    redis.disconnect();
  }
}
