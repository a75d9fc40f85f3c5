import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
type QueueState = (typeof QUEUE_STATES)[number];

/**
 * Every Prometheus series Herald exposes, on a registry of its own (not prom-client's global one), so
 * that several instances in one process (tests) do not share counters.
 */
@Injectable()
export class HeraldMetrics {
  readonly registry = new Registry();

  /** Final and intermediate attempt outcomes: success, retry (failed, will retry), failed (final). */
  readonly deliveryAttempts = new Counter({
    name: 'herald_delivery_attempts_total',
    help: 'Delivery attempts by outcome (success, retry, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly deliveries = new Counter({
    name: 'herald_deliveries_total',
    help: 'Deliveries that reached a final state, by outcome (success, failed)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });

  readonly attemptDuration = new Histogram({
    name: 'herald_delivery_attempt_duration_seconds',
    help: 'Time from sending a webhook request to its outcome',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly deliveryLag = new Histogram({
    name: 'herald_delivery_lag_seconds',
    help: 'Time from an event being committed to its first delivery attempt being sent',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });

  private queueDepthReader?: () => Promise<Record<QueueState, number>>;

  readonly queueDepth = new Gauge({
    name: 'herald_delivery_queue_jobs',
    help: 'Delivery queue jobs by state (waiting, active, delayed, failed), read at scrape time',
    labelNames: ['state'] as const,
    registers: [this.registry],
    collect: async () => {
      if (!this.queueDepthReader) return;
      const counts = await this.queueDepthReader().catch(() => null);
      if (!counts) return; // Redis unreachable: keep the last reading rather than fail the scrape
      for (const state of QUEUE_STATES) this.queueDepth.set({ state }, counts[state]);
    },
  });

  /** The delivery module tells how to count its queue; the gauge asks at every scrape. */
  readQueueDepthWith(reader: () => Promise<Record<QueueState, number>>): void {
    this.queueDepthReader = reader;
  }

  readonly eventsPublished = new Counter({
    name: 'herald_events_published_total',
    help: 'Events accepted and committed',
    registers: [this.registry],
  });

  readonly openStreams = new Gauge({
    name: 'herald_sse_open_streams',
    help: 'Server-Sent Events streams open on this instance',
    registers: [this.registry],
  });

  readonly sseFrames = new Counter({
    name: 'herald_sse_frames_sent_total',
    help: 'Event frames written to SSE streams (heartbeats excluded)',
    registers: [this.registry],
  });

  readonly sseSlowDisconnects = new Counter({
    name: 'herald_sse_slow_client_disconnects_total',
    help: 'SSE streams closed because the client could not keep up',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'herald_process_' });
  }
}
