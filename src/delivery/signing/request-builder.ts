import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { WebhookEntity } from '../../webhooks/entities/webhook.entity';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { deliveryHeaders } from './delivery-headers';
import { buildPayload, PayloadEvent } from './payload';

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

/** Body and signed headers of one attempt, the same way for real deliveries and the test endpoint. */
@Injectable()
export class RequestBuilder {
  private readonly userAgent: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly webhooks: WebhooksService,
  ) {
    this.userAgent = `Herald-Webhooks/${config.version}`;
  }

  build(webhook: WebhookEntity, event: PayloadEvent, deliveryId: string, now: Date): SignedRequest {
    const body = buildPayload(event, webhook.id);
    const headers = deliveryHeaders({
      eventId: event.id,
      eventType: event.type,
      deliveryId,
      body,
      secrets: this.webhooks.signingSecrets(webhook, now),
      timestamp: Math.floor(now.getTime() / 1000),
      userAgent: this.userAgent,
      customHeaders: webhook.headers ?? {},
    });
    return { body, headers };
  }
}
