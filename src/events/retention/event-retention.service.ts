import { Inject, Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { REDIS, RedisKeys } from '../../redis/redis.module';
import { EventsRepository } from '../events.repository';

const HOURLY = 60 * 60 * 1000;
const BATCH_SIZE = 500;

/**
 * Removes events older than EVENT_RETENTION_DAYS with their deliveries and attempts (foreign keys
 * cascade), a small batch per statement so that no lock is held for long. One instance at a time.
 */
@Injectable()
export class EventRetentionService {
  private readonly logger = new Logger(EventRetentionService.name);

  constructor(
    private readonly events: EventsRepository,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Interval('event-retention', HOURLY)
  async runScheduled(): Promise<void> {
    const lock = this.keys.key('lock', 'event-retention');
    if ((await this.redis.set(lock, '1', 'PX', HOURLY / 2, 'NX')) !== 'OK') return;
    try {
      await this.purge();
    } catch (error) {
      this.logger.error({ err: error }, 'event retention failed; it will try again in an hour');
    }
  }

  /** Deletes everything past retention; returns how many events went. */
  async purge(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.events.retentionDays * 86_400_000);
    let removed = 0;
    for (;;) {
      const count = await this.events.deleteCreatedBefore(cutoff, BATCH_SIZE);
      removed += count;
      if (count < BATCH_SIZE) break;
    }
    if (removed) this.logger.log(`retention removed ${removed} events older than ${cutoff.toISOString()}`);
    return removed;
  }
}
