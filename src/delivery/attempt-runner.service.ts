import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newId } from '../common/ids';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WEBHOOK_DISABLED_SIGNAL, WebhookDisabledSignal } from '../bus/bus-names';
import { HeraldMetrics } from '../metrics/herald-metrics';
import type { WebhookEntity } from '../webhooks/entities/webhook.entity';
import { WebhooksService } from '../webhooks/webhooks.service';
import { AttemptRecorder } from './batching/attempt-recorder';
import { DeliveryLoader } from './batching/delivery-loader';
import { SuccessCounter } from './batching/success-counter';
import { DeliveryContext } from './delivery-context';
import { AttemptDecision, decide, parseRetryAfter } from './policy/retry-policy';
import { DeliveryJob } from './queue/delivery-queue.constants';
import { DeliveryProducer } from './queue/delivery-producer';
import { WebhookRateLimiter } from './queue/rate-limiter';
import { SendResult, WebhookSender } from './sending/webhook-sender';
import { redactHeaders } from './signing/delivery-headers';
import { RequestBuilder } from './signing/request-builder';
import { updatedRows } from '../database/updated-rows';

/**
 * One attempt of one delivery: load, wait for the webhook's rate limit, sign, send, record the attempt
 * and the row in one transaction, then schedule what comes next. The row decides; a stale or duplicate
 * job finds nothing to do.
 */
@Injectable()
export class AttemptRunner {
  private readonly logger = new Logger(AttemptRunner.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksService,
    private readonly requests: RequestBuilder,
    private readonly sender: WebhookSender,
    private readonly limiter: WebhookRateLimiter,
    private readonly producer: DeliveryProducer,
    private readonly metrics: HeraldMetrics,
    private readonly emitter: EventEmitter2,
    private readonly loader: DeliveryLoader,
    private readonly recorder: AttemptRecorder,
    private readonly successes: SuccessCounter,
  ) {}

  async run(job: DeliveryJob): Promise<void> {
    const loaded = await this.loader.load(job.deliveryId);
    if (!loaded?.webhook) return; // deleted with its webhook or event
    const { delivery, webhook } = loaded;
    if (delivery.status !== 'pending' || delivery.attemptCount !== job.attempt - 1) return; // done, or a stale job

    if (!webhook.active) return this.failWithoutAttempt(delivery, 'webhook disabled');

    if (webhook.rateLimitPerSecond) {
      await this.limiter.acquire(
        webhook.id,
        webhook.rateLimitPerSecond,
        `${delivery.id}:${job.attempt}:${newId('att')}`,
      );
    }
    const sentAt = new Date();
    const { body, headers } = this.requests.build(webhook, delivery.event, delivery.id, sentAt);
    if (job.attempt === 1)
      this.metrics.deliveryLag.observe((sentAt.getTime() - delivery.event.createdAt.getTime()) / 1000);
    const result = await this.sender.send(webhook.url, headers, body);
    this.metrics.attemptDuration.observe(result.responseTimeMs / 1000);

    const decision = decide(
      {
        statusCode: result.statusCode,
        error: result.statusCode === null ? result.error : null,
        retryAfterSeconds: parseRetryAfter(result.retryAfter ?? undefined),
      },
      this.config.delivery.retryScheduleSeconds,
      job.attempt - delivery.retryCycleStart + 1,
    );
    const recorded = await this.record(delivery, job.attempt, result, redactHeaders(headers), decision);
    if (!recorded) return;
    this.metrics.deliveryAttempts.inc({ outcome: decision.outcome });
    this.logger.debug(
      `delivery ${delivery.id} attempt ${job.attempt}: ${decision.outcome} (${result.statusCode ?? result.error})`,
    );

    if (decision.outcome === 'retry') {
      await this.producer
        .enqueue({ deliveryId: delivery.id, attempt: job.attempt + 1 }, decision.delayMs ?? 0)
        .catch((error: Error) =>
          this.logger.warn(
            `could not enqueue the next attempt of ${delivery.id}, the sweeper will: ${error.message}`,
          ),
        );
      return;
    }
    this.metrics.deliveries.inc({ outcome: decision.outcome });
    await this.afterFinal(webhook, decision, new Date());
  }

  /** Inserts the attempt and moves the row on, only if no one else recorded this attempt first. */
  private record(
    delivery: DeliveryContext,
    attempt: number,
    result: SendResult,
    requestHeaders: Record<string, string>,
    decision: AttemptDecision,
  ): Promise<boolean> {
    const status = decision.outcome === 'retry' ? 'pending' : decision.outcome;
    const final = status !== 'pending';
    return this.recorder.record({
      deliveryId: delivery.id,
      attempt,
      status,
      statusCode: result.statusCode,
      responseTimeMs: result.responseTimeMs,
      responseBody: result.responseBody,
      error: result.error,
      requestHeaders,
      nextAttemptAt: final ? null : new Date(Date.now() + (decision.delayMs ?? 0)),
      completedAt: final ? new Date() : null,
    });
  }

  /** Counts the final outcome against the webhook; disables it on 410 or too many failures in a row. */
  private async afterFinal(webhook: WebhookEntity, decision: AttemptDecision, at: Date): Promise<void> {
    // Successes never disable anything: they are added up and written per batch.
    if (decision.outcome === 'success') return this.successes.count(webhook.id, at);
    const outcome = await this.webhooks.recordDeliveryOutcome(webhook.id, { success: false, at });
    if (outcome.disabled) {
      const disabled = outcome.webhook ?? webhook;
      await this.signalDisabled(
        disabled,
        disabled.disabledReason ?? 'too many consecutive failed deliveries',
        at,
      );
      return;
    }
    if (decision.disableWebhook && webhook.active) {
      const reason = 'the receiver answered 410 Gone';
      // Null when it was already inactive (disabled meanwhile): then someone else has told the owner.
      if (await this.webhooks.disable(webhook.id, reason)) await this.signalDisabled(webhook, reason, at);
    }
  }

  private async signalDisabled(webhook: WebhookEntity, reason: string, at: Date): Promise<void> {
    const signal: WebhookDisabledSignal = {
      webhookId: webhook.id,
      userId: webhook.userId,
      url: webhook.url,
      name: webhook.name ?? null,
      reason,
      disabledAt: at,
    };
    this.logger.log(`webhook ${webhook.id} disabled: ${reason}`);
    await this.emitter.emitAsync(WEBHOOK_DISABLED_SIGNAL, signal);
  }

  private async failWithoutAttempt(delivery: DeliveryContext, reason: string): Promise<void> {
    const updated = updatedRows(
      await this.db.query(
        `UPDATE deliveries SET status = 'failed', last_error = $2, next_attempt_at = NULL, completed_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'pending' RETURNING id`,
        [delivery.id, reason],
      ),
    );
    if (updated.length) this.metrics.deliveries.inc({ outcome: 'failed' });
  }
}
