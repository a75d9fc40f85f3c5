import { Module } from '@nestjs/common';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryModule } from './delivery.module';
import { WebhookTestService } from './webhook-test.service';

/** The delivery log and test routes under /api/webhooks/:id/…: mounted by the roles that serve the API. */
@Module({
  imports: [DeliveryModule, WebhooksModule],
  controllers: [DeliveriesController],
  providers: [DeliveriesService, WebhookTestService],
})
export class DeliveryHttpModule {}
