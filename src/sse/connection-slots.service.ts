import { Inject, Injectable } from '@nestjs/common';
import Redis, { ChainableCommander } from 'ioredis';
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

// KEYS[1] as above; ARGV[1] stale after (ms), then the user's connection ids open on this instance.
// Re-adds slots pruned while Redis was unreachable: those streams are open, so they count.
const REFRESH = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
for i = 2, #ARGV do redis.call('ZADD', KEYS[1], now, ARGV[i]) end
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return #ARGV - 1`;

/** Slots per refresh call, so that one user with many streams does not hold Redis in one long script. */
const REFRESH_CHUNK = 1000;

type SlotCommands = {
  heraldSlotAcquire(key: string, connectionId: string, max: number, staleMs: number): Promise<number>;
};
type SlotPipeline = ChainableCommander & {
  heraldSlotRefresh(key: string, staleMs: number, ...connectionIds: string[]): ChainableCommander;
};

/**
 * `SSE_MAX_CONNECTIONS_PER_USER` across every instance. Each open stream holds a slot that the
 * instance-wide heartbeat refreshes, for all its streams in one pipeline; slots of an instance that
 * died without closing its streams go stale and are pruned on the next acquire, so a crash does not
 * lock a user out for longer than `staleMs`.
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
    // EVALSHA, with the script sent again only when Redis does not know it (after a restart).
    redis.defineCommand('heraldSlotAcquire', { numberOfKeys: 1, lua: ACQUIRE });
    redis.defineCommand('heraldSlotRefresh', { numberOfKeys: 1, lua: REFRESH });
  }

  /** Seconds after which a retry can succeed even if the slots were leaked by a dead instance. */
  get retryAfterSeconds(): number {
    return Math.ceil(this.staleMs / 1000);
  }

  async acquire(userId: string, connectionId: string): Promise<boolean> {
    const max = this.config.sse.maxConnectionsPerUser;
    const redis = this.redis as Redis & SlotCommands;
    return (await redis.heraldSlotAcquire(this.key(userId), connectionId, max, this.staleMs)) === 1;
  }

  /** Adds the refresh of these users' open slots to `pipeline`: one command per user (per 1,000 slots). */
  refresh(pipeline: ChainableCommander, openByUser: ReadonlyMap<string, string[]>): void {
    for (const [userId, connectionIds] of openByUser) {
      for (let i = 0; i < connectionIds.length; i += REFRESH_CHUNK) {
        const chunk = connectionIds.slice(i, i + REFRESH_CHUNK);
        (pipeline as SlotPipeline).heraldSlotRefresh(this.key(userId), this.staleMs, ...chunk);
      }
    }
  }

  async release(userId: string, connectionId: string): Promise<void> {
    await this.redis.zrem(this.key(userId), connectionId);
  }

  private key(userId: string): string {
    return this.keys.key('sse', 'conns', userId);
  }
}
