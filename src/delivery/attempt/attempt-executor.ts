import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { HeraldMetrics } from '../../metrics/herald-metrics';
import type { DeliveryTarget } from '../../webhooks/targets/delivery-target';
import type { AttemptRecord, LeasedDelivery } from '../delivery.repository';
import { AttemptDecision, decide, parseRetryAfter } from '../policy/retry-policy';
import { SendResult, WebhookSender } from '../sending/webhook-sender';
import { redactHeaders } from '../signing/delivery-headers';
import { RequestBuilder } from '../signing/request-builder';

/** What one attempt produced: the row to record and the decision that follows it. */
export interface AttemptOutcome {
  target: DeliveryTarget;
  delivery: LeasedDelivery;
  record: AttemptRecord;
  decision: AttemptDecision;
  result: SendResult;
}

/** Signs, sends and decides one attempt of a leased delivery. Records nothing: the recorder batches that. */
@Injectable()
export class AttemptExecutor {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly requests: RequestBuilder,
    private readonly sender: WebhookSender,
    private readonly metrics: HeraldMetrics,
  ) {}

  async execute(target: DeliveryTarget, delivery: LeasedDelivery): Promise<AttemptOutcome> {
    const attempt = delivery.attemptCount + 1;
    const sentAt = new Date();
    const { body, headers } = this.requests.build(target, delivery.event, delivery.id, sentAt);
    if (attempt === 1)
      this.metrics.deliveryLag.observe((sentAt.getTime() - delivery.event.createdAt.getTime()) / 1000);
    const result = await this.sender.send(target.url, headers, body);
    this.metrics.attemptDuration.observe(result.responseTimeMs / 1000);

    const decision = decide(
      {
        statusCode: result.statusCode,
        error: result.statusCode === null ? result.error : null,
        retryAfterSeconds: parseRetryAfter(result.retryAfter ?? undefined),
      },
      this.config.delivery.retryScheduleSeconds,
      attempt - delivery.retryCycleStart + 1,
    );
    const status = decision.outcome === 'retry' ? 'pending' : decision.outcome;
    const final = status !== 'pending';
    const now = Date.now();
    return {
      target,
      delivery,
      decision,
      result,
      record: {
        deliveryId: delivery.id,
        attempt,
        status,
        statusCode: result.statusCode,
        responseTimeMs: result.responseTimeMs,
        responseBody: result.responseBody,
        error: result.error,
        requestHeaders: redactHeaders(headers),
        nextAttemptAt: final ? null : new Date(now + (decision.delayMs ?? 0)),
        completedAt: final ? new Date(now) : null,
      },
    };
  }
}
