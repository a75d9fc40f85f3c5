import { pollUntil } from '../lib/clock';
import { HeraldInstance } from '../lib/herald';
import { BenchOptions } from '../lib/options';
import { Progress } from '../lib/progress';
import { arrivalLatencies, publishPaced } from '../lib/publishing';
import { Receiver } from '../lib/receiver';
import { round, summarize, Summary } from '../lib/stats';
import { Fanout } from './delivery';

export interface LatencyResult {
  targetDeliveriesPerSecond: number;
  eventsPerSecond: number;
  webhooks: number;
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
  cpuMsPerDelivery?: Record<string, number>;
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
  fanout: Fanout,
  progress: Progress,
): Promise<LatencyResult> {
  const webhooks = fanout.webhookIds.length;
  const eventsPerSecond = Math.max(1, deliveriesPerSecond / webhooks);
  const total = Math.max(1, Math.round(eventsPerSecond * options.latencySeconds));
  await receiver.reset(true);
  const paced = await publishPaced(herald, {
    type: fanout.type,
    events: total,
    eventsPerSecond,
    payloadBytes: options.payloadBytes,
    onProgress: (n) => {
      if (n % 20 === 1)
        progress.update(`latency: published ${n}/${total} at ${round(eventsPerSecond, 1)} events/s`);
    },
  });
  const expected = (total - paced.errors) * webhooks;
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
  const latencies = arrivalLatencies(await receiver.arrivals(), paced);
  return {
    targetDeliveriesPerSecond: round(deliveriesPerSecond, 0),
    eventsPerSecond: round(eventsPerSecond, 1),
    webhooks,
    events: total,
    publishErrors: paced.errors,
    expected,
    arrived,
    acceptedToArrivalMs: summarize(latencies.fromAccepted),
    sentToArrivalMs: summarize(latencies.fromSent),
    arrivedBeforeAccepted: latencies.arrivedBeforeAccepted,
  };
}
