import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretCipher } from '../common/crypto/secret-cipher';
import { EventCatalogModule } from '../catalog/event-catalog.module';
import { WebhookEntity } from './entities/webhook.entity';
import { WebhookSubscribers } from './subscribers/webhook-subscribers';
import { DeliveryTargets } from './targets/delivery-targets.service';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [TypeOrmModule.forFeature([WebhookEntity]), EventCatalogModule],
  providers: [WebhooksRepository, WebhooksService, WebhookSubscribers, DeliveryTargets, SecretCipher],
  exports: [WebhooksService, WebhookSubscribers, DeliveryTargets],
})
export class WebhooksModule {}
