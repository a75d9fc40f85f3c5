import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { HeraldMetrics } from '../../metrics/herald-metrics';
import { DELIVERY_QUEUE, DeliveryJob, getJobOptions } from './delivery-queue.constants';

/** Puts attempts on the queue. Available in every role: the API enqueues, workers process. */
@Injectable()
export class DeliveryProducer {
  constructor(
    @InjectQueue(DELIVERY_QUEUE) readonly queue: Queue<DeliveryJob>,
    metrics: HeraldMetrics,
  ) {
    metrics.readQueueDepthWith(() => this.queue.getJobCounts());
  }

  enqueueFirstAttempts(deliveryIds: readonly string[]): Promise<void> {
    return this.enqueueMany(deliveryIds.map((deliveryId) => ({ deliveryId, attempt: 1 })));
  }

  /** Due now, in one round trip. */
  async enqueueMany(jobs: readonly DeliveryJob[]): Promise<void> {
    if (jobs.length === 0) return;
    await this.queue.addBulk(jobs.map((data) => ({ data, opts: getJobOptions(data) })));
  }

  async enqueue(job: DeliveryJob, delayMs = 0): Promise<void> {
    await this.queue.add(job, getJobOptions(job, delayMs));
  }
}
