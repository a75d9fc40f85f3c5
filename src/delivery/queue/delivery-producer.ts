import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { DELIVERY_QUEUE, DeliveryJob, getJobOptions } from './delivery-queue.constants';

/** Puts attempts on the queue. Available in every role: the API enqueues, workers process. */
@Injectable()
export class DeliveryProducer {
  constructor(@InjectQueue(DELIVERY_QUEUE) readonly queue: Queue<DeliveryJob>) {}

  async enqueueFirstAttempts(deliveryIds: readonly string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.queue.addBulk(
      deliveryIds.map((deliveryId) => {
        const data = { deliveryId, attempt: 1 };
        return { data, opts: getJobOptions(data) };
      }),
    );
  }

  async enqueue(job: DeliveryJob, delayMs = 0): Promise<void> {
    await this.queue.add(job, getJobOptions(job, delayMs));
  }
}
