import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import { WebhooksService } from '../webhooks/webhooks.service';
import { WebhookTestResultDto } from './dto/delivery.dto';
import { WebhookRateLimiter } from './queue/rate-limiter';
import { WebhookSender } from './sending/webhook-sender';
import { RequestBuilder } from './signing/request-builder';

export const TEST_EVENT_TYPE = 'webhook.test';

/**
 * `POST /api/webhooks/{id}/test`: a `webhook.test` request sent now through the same signer and sender
 * as real deliveries, reported whatever happens. It is not stored as an event or a delivery.
 */
@Injectable()
export class WebhookTestService {
  constructor(
    private readonly webhooks: WebhooksService,
    private readonly requests: RequestBuilder,
    private readonly sender: WebhookSender,
    private readonly limiter: WebhookRateLimiter,
  ) {}

  async send(userId: string, webhookId: string): Promise<WebhookTestResultDto> {
    const webhook = await this.webhooks.getOwned(userId, webhookId);
    const now = new Date();
    const event = {
      id: newId('evt'),
      type: TEST_EVENT_TYPE,
      data: { webhook_id: webhook.id, message: 'This is a test event from Herald' },
      createdAt: now,
    };
    const deliveryId = newId('dlv');
    // A test request counts against the webhook's rate limit like any delivery (docs/API.md §6: never exceeded).
    if (webhook.rateLimitPerSecond)
      await this.limiter.acquire(webhook.id, webhook.rateLimitPerSecond, deliveryId);
    const { body, headers } = this.requests.build(webhook, event, deliveryId, now);
    const result = await this.sender.send(webhook.url, headers, body);
    const delivered = result.statusCode !== null && result.statusCode >= 200 && result.statusCode < 300;
    return {
      delivered,
      status_code: result.statusCode,
      response_time_ms: result.responseTimeMs,
      response_body: result.responseBody,
      error: delivered ? null : result.error,
    };
  }
}
