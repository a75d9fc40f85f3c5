import { Inject, Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newId } from '../common/ids';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { WEBHOOK_DISABLED_SIGNAL, WebhookDisabledSignal } from '../events/bus/bus-names';
import { HeraldMetrics } from '../metrics/herald-metrics';
import type { WebhookEntity } from '../webhooks/webhook.entity';
import { WebhooksService } from '../webhooks/webhooks.service';
import { DELIVERY_CONTEXT_SQL, DeliveryContext, toDeliveryContext } from './delivery-context';
import { AttemptDecision, decide, parseRetryAfter } from './policy/retry-policy';
import { DeliveryJob } from './queue/delivery-queue.constants';
import { DeliveryProducer } from './queue/delivery-producer';
import { WebhookRateLimiter } from './queue/rate-limiter';
import { SendResult, WebhookSender } from './sending/webhook-sender';
import { redactHeaders } from './signing/delivery-headers';
import { RequestBuilder } from './signing/request-builder';
import { updatedRows } from './updated-rows';

/** Thrown inside the record transaction when another worker already recorded this attempt. */
class AlreadyRecorded extends Error {}

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
  ) {}

  async run(job: DeliveryJob): Promise<void> {
    const rows: Record<string, any>[] = await this.db.query(DELIVERY_CONTEXT_SQL, [job.deliveryId]);
    if (rows.length === 0) return; // deleted with its webhook or event
    const delivery = toDeliveryContext(rows[0]);
    if (delivery.status !== 'pending' || delivery.attemptCount !== job.attempt - 1) return; // done, or a stale job

    const webhook = await this.webhooks.findById(delivery.webhookId);
    if (!webhook) return;
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
  private async record(
    delivery: DeliveryContext,
    attempt: number,
    result: SendResult,
    requestHeaders: Record<string, string>,
    decision: AttemptDecision,
  ): Promise<boolean> {
    const status = decision.outcome === 'retry' ? 'pending' : decision.outcome;
    const final = status !== 'pending';
    try {
      await this.db.transaction(async (manager) => {
        const updated = updatedRows(
          await manager.query(
            `UPDATE deliveries SET status = $2, attempt_count = $3, last_status_code = $4, last_response_time_ms = $5,
             last_error = $6, next_attempt_at = $7, completed_at = $8, updated_at = now()
           WHERE id = $1 AND status = 'pending' AND attempt_count = $3 - 1
           RETURNING id`,
            [
              delivery.id,
              status,
              attempt,
              result.statusCode,
              result.responseTimeMs,
              result.error,
              final ? null : new Date(Date.now() + (decision.delayMs ?? 0)),
              final ? new Date() : null,
            ],
          ),
        );
        if (updated.length === 0) throw new AlreadyRecorded();
        await manager.query(
          `INSERT INTO delivery_attempts (id, delivery_id, attempt, status_code, response_time_ms, response_body, error, request_headers)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [
            newId('att'),
            delivery.id,
            attempt,
            result.statusCode,
            result.responseTimeMs,
            result.responseBody,
            result.error,
            JSON.stringify(requestHeaders),
          ],
        );
      });
      return true;
    } catch (error) {
      if (error instanceof AlreadyRecorded) return false;
      throw error;
    }
  }

  /** Counts the final outcome against the webhook; disables it on 410 or too many failures in a row. */
  private async afterFinal(webhook: WebhookEntity, decision: AttemptDecision, at: Date): Promise<void> {
    const outcome = await this.webhooks.recordDeliveryOutcome(webhook.id, {
      success: decision.outcome === 'success',
      at,
    });
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
