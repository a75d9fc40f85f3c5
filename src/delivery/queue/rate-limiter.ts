import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS, RedisKeys } from '../../redis/redis.module';

/**
 * A sliding-window log per webhook in one sorted set, checked and updated atomically on the Redis clock
 * (so every worker shares one clock). Returns 0 when a slot was taken, else how many ms to wait.
 */
const ACQUIRE = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local member = ARGV[3]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) < limit then
  redis.call('ZADD', key, now, member)
  redis.call('PEXPIRE', key, window * 2)
  return 0
end
local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now + 1)
`;

/**
 * The window is longer than a second: the promise is measured at the receiver, and the time between
 * taking a slot and the request arriving varies (event-loop delays, connection set-up). 200 ms of slack
 * costs a sixth of the throughput and keeps every 1-second window at the receiver within the limit.
 */
export const RATE_WINDOW_MS = 1200;

@Injectable()
export class WebhookRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.redis.defineCommand('heraldRateAcquire', { numberOfKeys: 1, lua: ACQUIRE });
  }

  /** Waits until the webhook has a free slot, then takes it. Excess waits; it is never dropped. */
  async acquire(webhookId: string, perSecond: number, member: string): Promise<void> {
    const key = this.keys.key('ratelimit', webhookId);
    for (;;) {
      const wait = Number(
        await (this.redis as any).heraldRateAcquire(key, perSecond, RATE_WINDOW_MS, member),
      );
      if (wait === 0) return;
      await new Promise((resolve) => setTimeout(resolve, wait + Math.floor(Math.random() * 20)));
    }
  }
}
