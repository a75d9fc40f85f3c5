import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG } from '../config/app-config';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { DeliveryOutbox } from './delivery-outbox.service';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryAttemptEntity } from './entities/delivery-attempt.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { MailboxNotifier } from './mailbox/mailbox-notifier';
import { MAILBOX_QUEUE } from './mailbox/mailbox-queue.constants';
import { mailboxQueueOptions } from './mailbox/mailbox-queue.options';
import { WebhookRateLimiter } from './policy/rate-limiter';
import { WebhookSender } from './sending/webhook-sender';
import { RequestBuilder } from './signing/request-builder';

const mailboxQueue = BullModule.registerQueueAsync({
  name: MAILBOX_QUEUE,
  inject: [APP_CONFIG],
  useFactory: mailboxQueueOptions,
});

/** Used by the publish path (outbox), the worker and the routes alike. */
const SHARED = [
  DeliveryRepository,
  DeliveryOutbox,
  MailboxNotifier,
  RequestBuilder,
  WebhookSender,
  WebhookRateLimiter,
];

/**
 * What every role needs of delivery: the outbox the publish path writes to, the mailbox notices, and the
 * pieces a send is made of (signing, sending, rate limit). The mailbox worker and sweeper are
 * DeliveryWorkerModule; the delivery-log routes are DeliveryHttpModule. Both build on this module.
 */
@Module({
  imports: [TypeOrmModule.forFeature([DeliveryEntity, DeliveryAttemptEntity]), mailboxQueue, WebhooksModule],
  providers: SHARED,
  exports: [mailboxQueue, ...SHARED],
})
export class DeliveryModule {}
