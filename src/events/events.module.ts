import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DeliveryModule } from '../delivery/delivery.module';
import { UsersModule } from '../users/users.module';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { EventPublisher } from './publishing/event-publisher.service';
import { WebhookDisabledListener } from './webhook-disabled.listener';
import { EventCatalogModule } from '../catalog/event-catalog.module';
import { EventEntity } from './entities/event.entity';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { EventFeed } from './feed/event-feed';
import { PublishEventUseCase } from './publishing/publish-event.use-case';
import { EventRetentionService } from './retention/event-retention.service';

/**
 * Publishing (in-process and for the HTTP routes of EventsHttpModule), reading, retention. Host modules
 * import this module to get `EventPublisher`, and react to events with `@OnHeraldEvent(pattern)`.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([EventEntity]),
    EventCatalogModule,
    WebhooksModule,
    DeliveryModule,
    UsersModule,
  ],
  providers: [
    PublishEventUseCase,
    EventPublisher,
    EventsRepository,
    EventsService,
    EventFeed,
    WebhookDisabledListener,
    EventRetentionService,
  ],
  exports: [EventPublisher, EventsService, EventFeed],
})
export class EventsModule {}
