import { BullModule } from '@nestjs/bull';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { AttemptRunner } from './attempt-runner.service';
import { AttemptRecorder } from './batching/attempt-recorder';
import { DeliveryLoader } from './batching/delivery-loader';
import { SuccessCounter } from './batching/success-counter';
import { DeliveriesController } from './deliveries.controller';
import { DeliveriesService } from './deliveries.service';
import { DeliveryOutbox } from './delivery-outbox.service';
import { DeliveryAttemptEntity } from './entities/delivery-attempt.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { DeliveryProducer } from './queue/delivery-producer';
import { DeliverySweeper } from './queue/delivery-sweeper';
import { DeliveryWorker } from './queue/delivery-worker';
import { EnqueueOnPublish } from './queue/enqueue-on-publish.listener';
import { deliveryQueueOptions } from './queue/queue-options';
import { WebhookRateLimiter } from './queue/rate-limiter';
import { WebhookSender } from './sending/webhook-sender';
import { RequestBuilder } from './signing/request-builder';
import { WebhookTestService } from './webhook-test.service';

/**
 * Delivery: the outbox the publish path writes to and the producer (every role); the processor and the
 * sweeper only where the role delivers (`worker`, `all`).
 */
@Module({})
export class DeliveryModule {
  static forRoot(config: AppConfig): DynamicModule {
    const delivers = config.role !== 'api';
    const workerProviders: Provider[] = delivers ? [DeliveryWorker, DeliverySweeper] : [];
    return {
      module: DeliveryModule,
      // Global: the events module uses DeliveryOutbox but cannot import a module built from the config.
      global: true,
      imports: [
        TypeOrmModule.forFeature([DeliveryEntity, DeliveryAttemptEntity]),
        BullModule.registerQueueAsync({
          name: deliveryQueueOptions(config).name,
          inject: [APP_CONFIG],
          useFactory: deliveryQueueOptions,
        }),
        WebhooksModule,
      ],
      // A worker serves /health and /metrics only.
      controllers: config.role === 'worker' ? [] : [DeliveriesController],
      providers: [
        DeliveryOutbox,
        DeliveryProducer,
        EnqueueOnPublish,
        RequestBuilder,
        WebhookSender,
        WebhookRateLimiter,
        AttemptRunner,
        DeliveryLoader,
        AttemptRecorder,
        SuccessCounter,
        DeliveriesService,
        WebhookTestService,
        ...workerProviders,
      ],
      exports: [DeliveryOutbox, DeliveryProducer],
    };
  }
}
