import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AttemptExecutor } from './attempt/attempt-executor';
import { AttemptRecorder } from './attempt/attempt-recorder';
import { SuccessTally } from './attempt/success-tally';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryOutbox } from './delivery-outbox.service';
import { DeliveryRepository } from './delivery.repository';
import { DeliveryAttemptEntity } from './entities/delivery-attempt.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { MailboxNotifier } from './mailbox/mailbox-notifier';
import { mailboxQueueOptions } from './mailbox/mailbox-queue.options';
import { MailboxPuller } from './mailbox/mailbox-puller';
import { MailboxRunner } from './mailbox/mailbox-runner';
import { MailboxSweeper } from './mailbox/mailbox-sweeper';
import { MailboxWorker } from './mailbox/mailbox-worker';
import { WebhookRateLimiter } from './policy/rate-limiter';
import { WebhookSender } from './sending/webhook-sender';
import { RequestBuilder } from './signing/request-builder';
import { WebhookTestService } from './webhook-test.service';

/**
 * Delivery: the outbox the publish path writes to and the mailbox notices (every role); the mailbox
 * worker and the sweeper only where the role delivers (`worker`, `all`).
 */
@Module({})
export class DeliveryModule {
  static forRoot(config: AppConfig): DynamicModule {
    const delivers = config.role !== 'api';
    const workerProviders: Provider[] = delivers
      ? [
          MailboxPuller,
          MailboxRunner,
          MailboxWorker,
          MailboxSweeper,
          AttemptExecutor,
          AttemptRecorder,
          SuccessTally,
        ]
      : [];
    return {
      module: DeliveryModule,
      // Global: the events module uses DeliveryOutbox but cannot import a module built from the config.
      global: true,
      imports: [
        TypeOrmModule.forFeature([DeliveryEntity, DeliveryAttemptEntity]),
        BullModule.registerQueueAsync({
          name: mailboxQueueOptions(config).name,
          inject: [APP_CONFIG],
          useFactory: mailboxQueueOptions,
        }),
        WebhooksModule,
      ],
      // A worker serves /health and /metrics only.
      controllers: config.role === 'worker' ? [] : [DeliveriesController],
      providers: [
        DeliveryRepository,
        DeliveryOutbox,
        MailboxNotifier,
        RequestBuilder,
        WebhookSender,
        WebhookRateLimiter,
        DeliveriesService,
        WebhookTestService,
        ...workerProviders,
      ],
      exports: [DeliveryOutbox],
    };
  }
}
