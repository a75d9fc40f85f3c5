import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import type { PublishedEvent } from '../bus/published-event';
import { OnHeraldEvent } from '../bus/on-herald-event.decorator';
import { createRedis, REDIS, RedisKeys } from '../redis/redis.module';
import { parseStreamEvent, toStreamEvent } from './stream-event';
import { StreamRegistry } from './stream-registry';

/**
 * Joins the instances: every committed event is PUBLISHed on one Redis channel, and every instance
 * (this one included) hands what its subscriber receives to its own streams. One path for local and
 * remote events, so no event reaches a stream twice.
 */
@Injectable()
export class SseBridge implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(SseBridge.name);
  private subscriber?: Redis;
  private readonly channel: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    keys: RedisKeys,
    private readonly registry: StreamRegistry,
  ) {
    this.channel = keys.key('sse', 'events');
  }

  async onModuleInit(): Promise<void> {
    // A subscribed connection can do nothing else, hence one of its own; ioredis re-subscribes after a reconnect.
    this.subscriber = createRedis(this.config.redis.url, 'herald-sse-sub');
    this.subscriber.on('message', this.onMessage);
    this.subscriber.on('error', (error: Error) =>
      this.logger.warn({ err: error }, 'SSE subscriber connection error'),
    );
    await this.subscriber.subscribe(this.channel);
  }

  @OnHeraldEvent('*')
  async forward(event: PublishedEvent): Promise<void> {
    await this.redis.publish(this.channel, JSON.stringify(toStreamEvent(event)));
  }

  async onApplicationShutdown(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = undefined;
    if (!subscriber) return;
    subscriber.off('message', this.onMessage);
    await subscriber.quit().catch(() => subscriber.disconnect());
  }

  private readonly onMessage = (channel: string, message: string): void => {
    if (channel !== this.channel) return;
    const event = parseStreamEvent(message);
    if (!event) {
      this.logger.warn('Ignored a malformed message on the SSE channel');
      return;
    }
    this.registry.dispatch(event);
  };
}
