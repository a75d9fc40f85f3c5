import type { BullModuleOptions } from '@nestjs/bull';
import { AppConfig } from '../../config/app-config';
import { DELIVERY_QUEUE } from './delivery-queue.constants';

/**
 * Queue settings. The lock outlasts the request timeout with room to spare, so a slow attempt is never
 * taken by a second worker while it is still in flight; stalled jobs (a killed worker) go back to the
 * queue as often as it takes instead of being failed.
 */
export function deliveryQueueOptions(config: AppConfig): BullModuleOptions {
  const lockDuration = config.delivery.timeoutMs + 5_000;
  return {
    name: DELIVERY_QUEUE,
    url: config.redis.url,
    prefix: `${config.redis.keyPrefix}:bull`,
    settings: {
      lockDuration,
      lockRenewTime: Math.floor(lockDuration / 4),
      stalledInterval: Math.min(30_000, lockDuration),
      maxStalledCount: 1_000_000,
    },
  };
}
