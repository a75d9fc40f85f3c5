import { Inject, Injectable, Logger } from '@nestjs/common';
import Redis from 'ioredis';
import type { PublishedEvent } from '../bus/published-event';
import { OnHeraldEvent } from '../bus/on-herald-event.decorator';
import { REDIS, RedisKeys } from '../redis/redis.module';
import { sseChannel } from './sse-channel';

/**
 * After every commit, PUBLISHes the event id on the SSE channel so that the streams of every API instance
 * read it. Every role runs it: a delivery worker publishes events too (`webhook.disabled`) but holds no stream.
 */
@Injectable()
export class EventAnnouncer {
  private readonly logger = new Logger(EventAnnouncer.name);
  private readonly channel: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keys: RedisKeys,
  ) {
    this.channel = sseChannel(keys);
  }

  @OnHeraldEvent('*')
  async announce(event: PublishedEvent): Promise<void> {
    try {
      await this.redis.publish(this.channel, event.id);
    } catch (error) {
      this.logger.warn(
        { err: error },
        'Could not announce an event to the other instances; their tails poll',
      );
    }
  }
}
