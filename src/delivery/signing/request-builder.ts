import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { DeliveryTarget } from '../../webhooks/targets/delivery-target';
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

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.userAgent = `Herald-Webhooks/${config.version}`;
  }

  build(
    target: Pick<DeliveryTarget, 'id' | 'headers' | 'secrets'>,
    event: PayloadEvent,
    deliveryId: string,
    now: Date,
  ): SignedRequest {
    const body = buildPayload(event, target.id);
    const headers = deliveryHeaders({
      eventId: event.id,
      eventType: event.type,
      deliveryId,
      body,
      secrets: target.secrets,
      timestamp: Math.floor(now.getTime() / 1000),
      userAgent: this.userAgent,
      customHeaders: target.headers,
    });
    return { body, headers };
  }
}
