import { Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS, RedisKeys } from '../redis/redis.module';

// KEYS[1] the user's sorted set of connection ids scored by last heartbeat (ms);
// ARGV: connection id, max streams, stale after (ms). Redis' clock, so instances need not agree on time.
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

// Re-adds a slot pruned while Redis was unreachable: the stream is open, so it counts.
const REFRESH = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/**
 * `SSE_MAX_CONNECTIONS_PER_USER` across every instance. Each open stream holds a slot refreshed by its
 * heartbeats; slots of an instance that died without closing its streams go stale and are pruned on the
 * next acquire, so a crash does not lock a user out for longer than `staleMs`.
 */
@Injectable()
export class ConnectionSlots {
  /** Three missed heartbeats, and never less than 10 s so that a busy Redis round-trip cannot evict a live stream. */
  readonly staleMs: number;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    this.staleMs = Math.max(config.sse.heartbeatMs * 3, 10_000);
  }

  /** Seconds after which a retry can succeed even if the slots were leaked by a dead instance. */
  get retryAfterSeconds(): number {
    return Math.ceil(this.staleMs / 1000);
  }

  async acquire(userId: string, connectionId: string): Promise<boolean> {
    const max = this.config.sse.maxConnectionsPerUser;
    const result = await this.redis.eval(ACQUIRE, 1, this.key(userId), connectionId, max, this.staleMs);
    return result === 1;
  }

  async refresh(userId: string, connectionId: string): Promise<void> {
    await this.redis.eval(REFRESH, 1, this.key(userId), connectionId, this.staleMs);
  }

  async release(userId: string, connectionId: string): Promise<void> {
    await this.redis.zrem(this.key(userId), connectionId);
  }

  private key(userId: string): string {
    return this.keys.key('sse', 'conns', userId);
  }
}
