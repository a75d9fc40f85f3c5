import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { REDIS, RedisKeys } from '../../redis/redis.module';

/**
 * A sliding-window log per webhook in one sorted set, checked and updated atomically on the Redis clock
 * (so every worker shares one clock). Takes up to ARGV[4] slots at once and answers {taken, ms until the
 * next slot frees} — so a mailbox asks once per batch, not once per delivery.
 */
const TAKE = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local member = ARGV[3]
local want = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
local free = limit - redis.call('ZCARD', key)
local taken = math.max(0, math.min(free, want))
for i = 1, taken do redis.call('ZADD', key, now, member .. ':' .. i) end
if taken > 0 then redis.call('PEXPIRE', key, window * 2) end
local wait = 0
if taken < want then
  local oldest = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
  wait = math.max(1, tonumber(oldest[2]) + window - now + 1)
end
return {taken, wait}
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
    this.redis.defineCommand('heraldRateTake', { numberOfKeys: 1, lua: TAKE });
  }

  /** Takes up to `want` slots now; says how many it took and, when short, how long until the next frees. */
  async take(
    webhookId: string,
    perSecond: number,
    want: number,
    member: string,
  ): Promise<{ taken: number; waitMs: number }> {
    const [taken, waitMs] = (await (this.redis as any).heraldRateTake(
      this.keys.key('ratelimit', webhookId),
      perSecond,
      RATE_WINDOW_MS,
      member,
      want,
    )) as [number, number];
    return { taken: Number(taken), waitMs: Number(waitMs) };
  }

  /** Waits until one slot is free, then takes it (the synchronous test request; deliveries never wait). */
  async acquire(webhookId: string, perSecond: number, member: string): Promise<void> {
    for (;;) {
      const { taken, waitMs } = await this.take(webhookId, perSecond, 1, member);
      if (taken === 1) return;
      await new Promise((resolve) => setTimeout(resolve, waitMs + Math.floor(Math.random() * 20)));
    }
  }
}
