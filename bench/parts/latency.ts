import { nowMs, pollUntil, sleep } from '../lib/clock';
import { HeraldInstance } from '../lib/herald';
import { BenchOptions } from '../lib/options';
import { eventData } from '../lib/payload';
import { Progress } from '../lib/progress';
import { Receiver } from '../lib/receiver';
import { round, summarize, Summary } from '../lib/stats';
import { publish, TICK_TYPE } from './webhook-setup';

export interface LatencyResult {
  targetDeliveriesPerSecond: number;
  eventsPerSecond: number;
  events: number;
  publishErrors: number;
  expected: number;
  arrived: number;
  /** From the 202 of POST /api/events to the receiver getting the request. */
  acceptedToArrivalMs: Summary;
  /** From sending POST /api/events to the receiver getting the request. */
  sentToArrivalMs: Summary;
  /** Deliveries that reached the receiver before the publisher had read the 202. */
  arrivedBeforeAccepted: number;
}

/**
 * Open-loop publishing at a steady rate (events are sent on schedule whether or not earlier ones have
 * been answered), every arrival time recorded by the receiver per `webhook-id` (= event id).
 */
export async function runDeliveryLatency(
  options: BenchOptions,
  herald: HeraldInstance,
  receiver: Receiver,
  deliveriesPerSecond: number,
  progress: Progress,
): Promise<LatencyResult> {
  const eventsPerSecond = Math.max(1, deliveriesPerSecond / options.webhooks);
  const total = Math.max(1, Math.round(eventsPerSecond * options.latencySeconds));
  await receiver.reset(true);
  const sentAt = new Map<string, number>();
  const acceptedAt = new Map<string, number>();
  let publishErrors = 0;
  const inFlight: Promise<void>[] = [];
  const begin = performance.now();
  for (let seq = 0; seq < total; seq++) {
    const due = begin + (seq * 1000) / eventsPerSecond;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const sent = nowMs();
    inFlight.push(
      publish(herald, TICK_TYPE, eventData(seq, options.payloadBytes, sent)).then(
        ({ id }) => {
          acceptedAt.set(id, nowMs());
          sentAt.set(id, sent);
        },
        () => void publishErrors++,
      ),
    );
    if (seq % 20 === 0)
      progress.update(`latency: published ${seq + 1}/${total} at ${round(eventsPerSecond, 1)} events/s`);
  }
  await Promise.all(inFlight);
  const expected = (total - publishErrors) * options.webhooks;
  let arrived = 0;
  await pollUntil(
    async () => {
      arrived = await receiver.count();
      progress.update(`latency: arrived ${arrived}/${expected}`);
      return arrived >= expected;
    },
    60_000,
    50,
  );
  const { ids, times } = await receiver.arrivals();
  const fromAccepted: number[] = [];
  const fromSent: number[] = [];
  let early = 0;
  for (let i = 0; i < ids.length; i++) {
    const accepted = acceptedAt.get(ids[i]);
    const sent = sentAt.get(ids[i]);
    if (accepted === undefined || sent === undefined) continue;
    const latency = times[i] - accepted;
    if (latency < 0) early++;
    fromAccepted.push(Math.max(0, latency));
    fromSent.push(times[i] - sent);
  }
  return {
    targetDeliveriesPerSecond: round(deliveriesPerSecond, 0),
    eventsPerSecond: round(eventsPerSecond, 1),
    events: total,
    publishErrors,
    expected,
    arrived,
    acceptedToArrivalMs: summarize(fromAccepted),
    sentToArrivalMs: summarize(fromSent),
    arrivedBeforeAccepted: early,
  };
}
