import type { BullModuleOptions } from '@nestjs/bull';
import { AppConfig } from '../../config/app-config';
import { MAILBOX_QUEUE } from './mailbox-queue.constants';

/**
 * Queue settings. A serve job runs as long as its webhook has work, so its lock is renewed while it runs
 * and kept short: a killed worker's mailboxes go to another worker within ~lockDuration + stalledInterval.
 * Deliveries in flight are protected by their own lease in PostgreSQL, not by this lock, so a lock lost to
 * a long pause never lets two attempts of one delivery overlap. Stalled jobs go back to the queue as often
 * as it takes instead of being failed.
 */
export function mailboxQueueOptions(config: AppConfig): BullModuleOptions {
  return {
    name: MAILBOX_QUEUE,
    url: config.redis.url,
    prefix: `${config.redis.keyPrefix}:bull`,
    settings: {
      lockDuration: 10_000,
      lockRenewTime: 2_500,
      stalledInterval: 5_000,
      maxStalledCount: 1_000_000,
    },
  };
}
