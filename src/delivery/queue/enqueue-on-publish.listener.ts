import { Injectable, Logger } from '@nestjs/common';
import { OnHeraldEvent } from '../../bus/on-herald-event.decorator';
import type { PublishedEvent } from '../../bus/published-event';
import { DeliveryProducer } from './delivery-producer';

/** After an event commits, queues the first attempt of each of its deliveries. */
@Injectable()
export class EnqueueOnPublish {
  private readonly logger = new Logger(EnqueueOnPublish.name);

  constructor(private readonly producer: DeliveryProducer) {}

  @OnHeraldEvent('*')
  async onEvent(event: PublishedEvent): Promise<void> {
    try {
      await this.producer.enqueueFirstAttempts(event.deliveryIds);
    } catch (error) {
      // The rows are committed: the sweeper queues them once they are overdue.
      this.logger.warn(
        `could not queue deliveries of ${event.id}, the sweeper will: ${(error as Error).message}`,
      );
    }
  }
}
