import { Injectable } from '@nestjs/common';
import { newId } from '../common/ids';
import { DeliveryTargets } from '../webhooks/targets/delivery-targets.service';
import { WebhookTestResultDto } from './dto/delivery.dto';
import { WebhookRateLimiter } from './policy/rate-limiter';
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
    private readonly targets: DeliveryTargets,
    private readonly requests: RequestBuilder,
    private readonly sender: WebhookSender,
    private readonly limiter: WebhookRateLimiter,
  ) {}

  async send(userId: string, webhookId: string): Promise<WebhookTestResultDto> {
    const target = await this.targets.getOwned(userId, webhookId);
    const now = new Date();
    const event = {
      id: newId('evt'),
      type: TEST_EVENT_TYPE,
      data: { webhook_id: target.id, message: 'This is a test event from Herald' },
      createdAt: now,
    };
    const deliveryId = newId('dlv');
    // A test request counts against the webhook's rate limit like any delivery (never exceeded).
    if (target.rateLimitPerSecond)
      await this.limiter.acquire(target.id, target.rateLimitPerSecond, deliveryId);
    const { body, headers } = this.requests.build(target, event, deliveryId, now);
    const result = await this.sender.send(target.url, headers, body);
    return {
      delivered: result.ok,
      status_code: result.statusCode,
      response_time_ms: result.responseTimeMs,
      response_body: result.responseBody,
      error: result.ok ? null : result.error,
    };
  }
}
