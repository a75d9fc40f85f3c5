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
import { LEASE_MARGIN_MS, MailboxPuller } from './mailbox-puller';

/** How long a mailbox is served before it goes to the back of the line (fairness beyond the job concurrency). */
const QUANTUM_MS = 5_000;
/** With attempts in flight and room for more, how often to look for newly due deliveries. */
const POLL_MS = 50;
/**
 * A leased delivery waits at most this long for a slot before it is sent: its lease outlasts the request
 * timeout by LEASE_MARGIN_MS, so an attempt started later than this could still be in flight when the lease
 * lapses and another worker takes the delivery.
 */
const MAX_READY_WAIT_MS = LEASE_MARGIN_MS - 1_000;

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
    // Leased and waiting for a slot: the next attempts start the moment a slot frees, without a round trip.
    const buffer: Array<{ delivery: LeasedDelivery; leasedAt: number }> = [];
    let target: DeliveryTarget | null = null;
    let inFlight = 0;
    let cap = maxInFlight;
    let pausedUntil = 0;
    let yielded = false;
    let progressed = false;
    /** The last lease found less than it asked for: nothing more is due until something changes. */
    let drained = false;
    let wake: () => void = () => undefined;

    const start = (to: DeliveryTarget, delivery: LeasedDelivery) => {
      inFlight++;
      const recording = this.executor
        .execute(to, delivery)
        .then((outcome) => {
          inFlight--;
          this.slots.give();
          drained = false;
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
      // 1. Keep up to `cap` leased deliveries ready beside the `cap` in flight.
      const want = Math.min(cap - buffer.length, 2 * cap - inFlight - buffer.length);
      if (!this.closing && !drained && want > 0 && Date.now() >= pausedUntil) {
        const pulled = await this.puller.pull(webhookId, want);
        target = pulled.target;
        if (!target) break;
        if (pulled.deliveries.length) progressed = true;
        drained = pulled.deliveries.length < want;
        cap = circuitCap(target.circuit, maxInFlight);
        if (cap === 0) pausedUntil = target.circuit.openUntil!.getTime();
        const leasedAt = Date.now();
        for (const delivery of await this.sendable(
          target,
          pulled.deliveries,
          (until) => (pausedUntil = until),
        ))
          buffer.push({ delivery, leasedAt });
        // A switched-off webhook's deliveries are failed without attempts: keep draining them.
        if (!target.active && pulled.deliveries.length > 0) continue;
      }

      // 2. Start what the worker's slots allow, within the webhook's limit.
      while (target && buffer.length > 0 && inFlight < cap && !this.closing && this.slots.tryTake(1) === 1)
        this.startFresh(buffer.shift()!, target, start);

      // Nothing in flight and nothing more to do now: a cool-down, a rate-limit window, or no due work.
      const stopped = this.closing || cap === 0;
      if (inFlight === 0 && (stopped || (buffer.length === 0 && (drained || Date.now() < pausedUntil))))
        break;
      if (Date.now() > deadline) {
        yielded = true;
        break;
      }

      // 3. Wait: in line for a slot when deliveries are ready, else for an attempt to finish or a moment.
      if (target && buffer.length > 0 && inFlight < cap && !stopped) {
        await this.slots.take();
        this.startFresh(buffer.shift()!, target, start);
        continue;
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, inFlight < cap ? POLL_MS : this.config.delivery.timeoutMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = () => undefined;
      drained = false;
    }
    // Leased but not started (shutting down, yielding, circuit opened): due again at once for whoever is next.
    if (buffer.length)
      await this.deliveries.release(
        buffer.map((b) => b.delivery.id),
        new Date(),
      );
    await Promise.all(recordings);
    return { pausedUntil: pausedUntil > Date.now() ? pausedUntil : null, yielded, progressed };
  }

  /**
   * Starts a ready delivery, unless it waited so long for a slot that its lease could lapse mid-attempt:
   * then it goes back (due at once) rather than risk a second attempt overlapping it.
   */
  private startFresh(
    ready: { delivery: LeasedDelivery; leasedAt: number },
    target: DeliveryTarget,
    start: (target: DeliveryTarget, delivery: LeasedDelivery) => void,
  ): void {
    if (Date.now() - ready.leasedAt <= MAX_READY_WAIT_MS) return start(target, ready.delivery);
    this.slots.give();
    void this.deliveries.release([ready.delivery.id], new Date()).catch(() => undefined);
  }

  /**
   * What of a lease may be sent now: nothing of a switched-off webhook (failed without an attempt), and
   * no more than the rate limit allows (the rest goes back with its due time at the next free slot).
   */
  private async sendable(
    target: DeliveryTarget,
    deliveries: LeasedDelivery[],
    pause: (until: number) => void,
  ): Promise<LeasedDelivery[]> {
    if (!target.active) {
      await this.failSwitchedOff(deliveries);
      return [];
    }
    if (!target.rateLimitPerSecond || deliveries.length === 0) return deliveries;
    const { taken, waitMs } = await this.limiter.take(
      target.id,
      target.rateLimitPerSecond,
      deliveries.length,
      `${deliveries[0].id}:${deliveries[0].attemptCount + 1}`,
    );
    const held = deliveries.slice(taken);
    if (held.length) {
      const until = Date.now() + waitMs;
      pause(until);
      await this.deliveries.release(
        held.map((d) => d.id),
        new Date(until),
      );
    }
    return deliveries.slice(0, taken);
  }

  private async failSwitchedOff(deliveries: readonly LeasedDelivery[]): Promise<void> {
    const failed = await this.deliveries.failWithoutAttempt(
      deliveries.map((d) => d.id),
      'webhook disabled',
    );
    if (failed) this.metrics.deliveries.inc({ outcome: 'failed' }, failed);
  }
}
