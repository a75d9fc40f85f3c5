import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WEBHOOK_DISABLED_SIGNAL, WebhookDisabledSignal } from '../../bus/bus-names';
import { HeraldMetrics } from '../../metrics/herald-metrics';
import { CircuitReport, DeliveryTarget } from '../../webhooks/targets/delivery-target';
import { DeliveryTargets } from '../../webhooks/targets/delivery-targets.service';
import { DeliveryRepository } from '../delivery.repository';
import { isTransportFailure } from '../../webhooks/targets/circuit';
import type { AttemptOutcome } from './attempt-executor';
import { batcher } from './batch-window';
import { SuccessTally } from './success-tally';

/**
 * Writes what attempts produced, for every attempt finishing at about the same time at once: the attempt
 * rows and the delivery rows in one statement, circuits moved on in one more when any changed; successes are
 * added up per webhook by the SuccessTally. Final failures are counted one by one (each may disable its webhook).
 */
@Injectable()
export class AttemptRecorder {
  private readonly logger = new Logger(AttemptRecorder.name);
  private readonly loader = batcher<AttemptOutcome, boolean>((outcomes) => this.recordMany(outcomes));

  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly targets: DeliveryTargets,
    private readonly metrics: HeraldMetrics,
    private readonly emitter: EventEmitter2,
    private readonly successes: SuccessTally,
  ) {}

  /** True when this attempt was recorded; false when another attempt of the delivery was recorded first. */
  record(outcome: AttemptOutcome): Promise<boolean> {
    return this.loader.load(outcome);
  }

  private async recordMany(outcomes: readonly AttemptOutcome[]): Promise<boolean[]> {
    const recorded = await this.deliveries.recordAttempts(outcomes.map((o) => o.record));
    const kept = outcomes.filter((_, i) => recorded[i]);
    const at = new Date();
    const successes: { webhookId: string; at: Date }[] = [];
    const failures: AttemptOutcome[] = [];
    for (const outcome of kept) {
      this.metrics.deliveryAttempts.inc({ outcome: outcome.decision.outcome });
      if (outcome.decision.outcome === 'retry') continue;
      this.metrics.deliveries.inc({ outcome: outcome.decision.outcome });
      if (outcome.decision.outcome === 'success') successes.push({ webhookId: outcome.target.id, at });
      else failures.push(outcome);
    }
    this.successes.add(successes);
    await Promise.all([
      this.targets.reportCircuits(circuitReports(kept)),
      ...failures.map((outcome) => this.afterFinalFailure(outcome, at)),
    ]);
    return recorded;
  }

  /** Counts a final failure against the webhook; disables it on 410 or too many failures in a row. */
  private async afterFinalFailure(outcome: AttemptOutcome, at: Date): Promise<void> {
    const disabled = await this.targets.recordFinalFailure(outcome.target.id, at);
    if (disabled) return this.signalDisabled(disabled.target, disabled.reason, at);
    if (outcome.decision.disableWebhook && outcome.target.active) {
      const reason = 'the receiver answered 410 Gone';
      // Null when it was already inactive (disabled meanwhile): then someone else has told the owner.
      const gone = await this.targets.disable(outcome.target.id, reason);
      if (gone) await this.signalDisabled(gone, reason, at);
    }
  }

  private async signalDisabled(target: DeliveryTarget, reason: string, at: Date): Promise<void> {
    const signal: WebhookDisabledSignal = {
      webhookId: target.id,
      userId: target.userId,
      url: target.url,
      name: target.name,
      reason,
      disabledAt: at,
    };
    this.logger.log(`webhook ${target.id} disabled: ${signal.reason}`);
    await this.emitter.emitAsync(WEBHOOK_DISABLED_SIGNAL, signal);
  }
}

/**
 * What the batch says of each receiver's health, for the circuit breaker. Only receivers whose circuit
 * can change are reported: one that had a timeout or network error, or answered while not fully closed.
 */
export function circuitReports(outcomes: readonly AttemptOutcome[]): CircuitReport[] {
  const byWebhook = new Map<string, CircuitReport & { changes: boolean }>();
  for (const { target, result } of outcomes) {
    let report = byWebhook.get(target.id);
    if (!report) {
      const { failures, openUntil } = target.circuit;
      report = {
        webhookId: target.id,
        answered: false,
        failuresAfterAnswer: 0,
        changes: failures > 0 || !!openUntil,
      };
      byWebhook.set(target.id, report);
    }
    if (isTransportFailure(result.statusCode)) {
      report.failuresAfterAnswer++;
      report.changes = true;
    } else {
      report.answered = true;
      report.failuresAfterAnswer = 0;
    }
  }
  return [...byWebhook.values()]
    .filter((r) => r.changes)
    .map(({ webhookId, answered, failuresAfterAnswer }) => ({ webhookId, answered, failuresAfterAnswer }));
}
