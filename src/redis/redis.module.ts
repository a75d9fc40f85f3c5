import { Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { watchRedisConnection } from './redis-watch';

export const REDIS = Symbol('REDIS');

/** Namespaces every key and channel under `REDIS_KEY_PREFIX`, so several Heralds (or tests) share one Redis. */
@Injectable()
export class RedisKeys {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  key(...parts: string[]): string {
    return [this.config.redis.keyPrefix, ...parts].join(':');
  }
}

/** Builds a connection with the settings every Herald connection shares; losing it and getting it back is logged once. */
export function createRedis(url: string, name: string, overrides: RedisOptions = {}): Redis {
  const redis = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    ...overrides,
  });
  return watchRedisConnection(redis, url);
}

/**
 * The shared command connection serves requests: while Redis is away a command fails within a reconnect
 * attempt or two (or after 5 s on a stalled connection) and the request gets a 503, instead of waiting in
 * ioredis' offline queue for as long as the outage lasts.
 */
const FAIL_FAST: RedisOptions = { maxRetriesPerRequest: 1, commandTimeout: 5_000 };

@Injectable()
class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

/** One shared command connection for the process. Subscribers make their own (a subscribed connection can do nothing else). */
@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => createRedis(config.redis.url, 'herald', FAIL_FAST),
    },
    RedisKeys,
    RedisCloser,
  ],
  exports: [REDIS, RedisKeys],
})
export class RedisModule {}
