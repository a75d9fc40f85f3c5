import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SecretCipher } from '../common/crypto/secret-cipher';
import { EventCatalogModule } from '../catalog/event-catalog.module';
import { WebhookEntity } from './webhook.entity';
import { WebhooksController } from './webhooks.controller';
import { WebhooksService } from './webhooks.service';

@Module({
  imports: [TypeOrmModule.forFeature([WebhookEntity]), EventCatalogModule],
  controllers: [WebhooksController],
  providers: [WebhooksService, SecretCipher],
  exports: [WebhooksService],
})
export class WebhooksModule {}
