import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { displayUrl } from '../logging/display-url';

const logger = new Logger('Redis');

/**
 * The connections of this process that are waiting to reconnect. The first one lost says so and the
 * last one back says so: one warning when Redis goes away, one line when it is back, however many
 * connections and retries there are in between.
 */
const down = new Set<Redis>();

/**
 * Watches a connection that ioredis reconnects by itself. Its `error` events (one per failed attempt)
 * are taken here, so ioredis never prints "[ioredis] Unhandled error event" with a stack trace.
 */
export function watchRedisConnection(redis: Redis, url: string): Redis {
  let lastError = '';
  redis.on('error', (error: Error) => {
    lastError = (error as { code?: string }).code ?? error.message;
  });
  // 'reconnecting' comes only after an unplanned close: quit() and disconnect() do not emit it.
  redis.on('reconnecting', () => {
    if (down.has(redis)) return;
    down.add(redis);
    if (down.size === 1)
      logger.warn(
        `Redis connection lost at ${displayUrl(url)} (REDIS_URL): ${lastError || 'closed'}; reconnecting`,
      );
  });
  redis.on('ready', () => {
    if (!down.delete(redis)) return;
    if (down.size === 0) logger.log(`Redis is reachable again at ${displayUrl(url)}`);
  });
  redis.on('end', () => down.delete(redis));
  return redis;
}
