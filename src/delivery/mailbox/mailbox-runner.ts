import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { HeraldMetrics } from '../../metrics/herald-metrics';
import type { DeliveryTarget } from '../../webhooks/targets/delivery-target';
import { AttemptExecutor } from '../attempt/attempt-executor';
import { AttemptRecorder } from '../attempt/attempt-recorder';
import { DeliveryRepository, LeasedDelivery } from '../delivery.repository';
import { circuitCap } from '../../webhooks/targets/circuit';
import { WebhookRateLimiter } from '../policy/rate-limiter';
import { AttemptSlots } from './attempt-slots';
import { MailboxPuller } from './mailbox-puller';

/** How long a mailbox is served before it goes to the back of the line (fairness beyond the job concurrency). */
const QUANTUM_MS = 5_000;
/** With attempts in flight and room for more, how often to look for newly due deliveries. */
const POLL_MS = 50;

/** Why a mailbox stopped being served, and when it next has work the runner already knows of. */
export interface ServeResult {
  /** A rate-limit window: nothing may be sent before this time (epoch ms). */
  pausedUntil: number | null;
  /** The quantum ran out with work left: serve it again at the back of the line. */
  yielded: boolean;
  /** Anything was leased at all (a mailbox that leased nothing with work due is not woken again at once). */
  progressed: boolean;
}

/**
 * Serves one webhook's mailbox: leases its due deliveries, at most DELIVERY_MAX_IN_FLIGHT_PER_WEBHOOK in
 * flight (one while its circuit is half-open, none while open) and within its rate limit, and sends them
 * with the worker's attempt slots, until nothing is due. It never sleeps holding a slot: a rate-limit wait
 * or a retry ends the serving, and the mailbox is woken when the time comes.
 */
@Injectable()
export class MailboxRunner {
  private readonly logger = new Logger(MailboxRunner.name);
  readonly slots: AttemptSlots;
  /** Mailboxes this process is serving: a second job for one of them leaves the work to the first. */
  private readonly serving = new Set<string>();
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly puller: MailboxPuller,
    private readonly executor: AttemptExecutor,
    private readonly recorder: AttemptRecorder,
    private readonly deliveries: DeliveryRepository,
    private readonly limiter: WebhookRateLimiter,
    private readonly metrics: HeraldMetrics,
  ) {
    this.slots = new AttemptSlots(config.delivery.concurrency);
  }

  /** Stop leasing new work; what is in flight finishes and is recorded. */
  close(): void {
    this.closing = true;
  }

  async serve(webhookId: string): Promise<ServeResult> {
    if (this.serving.has(webhookId)) return { pausedUntil: null, yielded: false, progressed: true };
    this.serving.add(webhookId);
    try {
      return await this.serveLoop(webhookId);
    } finally {
      this.serving.delete(webhookId);
    }
  }

  private async serveLoop(webhookId: string): Promise<ServeResult> {
    const maxInFlight = this.config.delivery.maxInFlightPerWebhook;
    const deadline = Date.now() + QUANTUM_MS;
    const recordings = new Set<Promise<unknown>>();
    let inFlight = 0;
    let cap = maxInFlight;
    let pausedUntil = 0;
    let yielded = false;
    let progressed = false;
    let wake: () => void = () => undefined;

    const start = (target: DeliveryTarget, delivery: LeasedDelivery) => {
      inFlight++;
      const recording = this.executor
        .execute(target, delivery)
        .then((outcome) => {
          inFlight--;
          this.slots.give();
          wake();
          return this.recorder.record(outcome);
        })
        .catch((error: Error) => {
          // The lease runs out and the delivery is due again: at least once, never lost.
          this.logger.error(`attempt of ${delivery.id} could not be completed: ${error.message}`);
        })
        .finally(() => recordings.delete(recording));
      recordings.add(recording);
    };

    for (;;) {
      let started = 0;
      let slots = 0;
      const room = cap - inFlight;
      if (!this.closing && room > 0 && Date.now() >= pausedUntil) {
        slots = this.slots.tryTake(room);
        if (slots === 0 && inFlight === 0) {
          await this.slots.take();
          slots = 1 + this.slots.tryTake(room - 1);
        }
      }
      if (slots > 0) {
        const { target, deliveries } = await this.puller.pull(webhookId, slots);
        if (deliveries.length) progressed = true;
        let unused = slots - deliveries.length;
        if (!target) {
          this.slots.give(slots);
          break;
        }
        cap = circuitCap(target.circuit, maxInFlight);
        if (cap === 0) pausedUntil = target.circuit.openUntil!.getTime();
        let sendable = deliveries;
        if (!target.active) {
          await this.failSwitchedOff(deliveries);
          unused += deliveries.length;
          sendable = [];
        } else if (target.rateLimitPerSecond && deliveries.length > 0) {
          const { taken, waitMs } = await this.limiter.take(
            target.id,
            target.rateLimitPerSecond,
            deliveries.length,
            `${deliveries[0].id}:${deliveries[0].attemptCount + 1}`,
          );
          sendable = deliveries.slice(0, taken);
          const held = deliveries.slice(taken);
          if (held.length) {
            pausedUntil = Date.now() + waitMs;
            await this.deliveries.release(
              held.map((d) => d.id),
              new Date(pausedUntil),
            );
            unused += held.length;
          }
        }
        this.slots.give(unused);
        for (const delivery of sendable) start(target, delivery);
        started = sendable.length;
        // A switched-off webhook's deliveries are failed without attempts: keep draining them.
        if (!target.active && deliveries.length > 0) continue;
      }

      if (inFlight === 0 && started === 0) break;
      if (Date.now() > deadline) {
        yielded = true;
        break;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, inFlight < cap ? POLL_MS : this.config.delivery.timeoutMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = () => undefined;
    }
    await Promise.all(recordings);
    return { pausedUntil: pausedUntil > Date.now() ? pausedUntil : null, yielded, progressed };
  }

  private async failSwitchedOff(deliveries: readonly LeasedDelivery[]): Promise<void> {
    const failed = await this.deliveries.failWithoutAttempt(
      deliveries.map((d) => d.id),
      'webhook disabled',
    );
    if (failed) this.metrics.deliveries.inc({ outcome: 'failed' }, failed);
  }
}
