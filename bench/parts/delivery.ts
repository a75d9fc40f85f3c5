import { nowMs, pollUntil } from '../lib/clock';
import { HeraldInstance } from '../lib/herald';
import { BenchOptions } from '../lib/options';
import { eventData } from '../lib/payload';
import { Progress } from '../lib/progress';
import { Receiver } from '../lib/receiver';
import { round } from '../lib/stats';
import { publish, TICK_TYPE } from './webhook-setup';

export interface DeliveryResult {
  events: number;
  webhooks: number;
  expected: number;
  arrived: number;
  publishSeconds: number;
  seconds: number;
  deliveriesPerSecond: number;
  complete: boolean;
  /**
   * Deliveries/s after the last publish was answered: the worker alone, no longer sharing the process
   * with the publish API (the headline figure above includes publishing, as the issue defines it).
   */
  drainDeliveriesPerSecond: number;
}

/**
 * E events, each fanned out to W webhooks, published by a few concurrent publishers; the clock runs from
 * the first publish until the receiver has counted every delivery (or the time bound passes).
 */
export async function runDeliveryThroughput(
  options: BenchOptions,
  herald: HeraldInstance,
  receiver: Receiver,
  progress: Progress,
): Promise<DeliveryResult> {
  await receiver.reset(false);
  const expected = options.events * options.webhooks;
  let next = 0;
  let published = 0;
  const begin = performance.now();
  const publisher = async () => {
    while (next < options.events) {
      const seq = next++;
      const body = await publish(herald, TICK_TYPE, eventData(seq, options.payloadBytes, nowMs()));
      if (body.deliveries !== options.webhooks)
        throw new Error(`event fanned out to ${body.deliveries} webhooks, expected ${options.webhooks}`);
      published++;
    }
  };
  let arrived = 0;
  const ticker = setInterval(() => {
    void receiver.count().then((c) => {
      arrived = c;
      progress.update(`delivery: published ${published}/${options.events}, arrived ${c}/${expected}`);
    });
  }, 500);
  let publishSeconds = 0;
  let arrivedAtPublishEnd = 0;
  let complete = false;
  try {
    await Promise.all(Array.from({ length: options.publishConcurrency }, publisher));
    publishSeconds = (performance.now() - begin) / 1000;
    arrivedAtPublishEnd = await receiver.count();
    complete = await pollUntil(
      async () => (arrived = await receiver.count()) >= expected,
      options.deliverySeconds * 1000,
      20,
    );
  } finally {
    clearInterval(ticker);
  }
  const seconds = (performance.now() - begin) / 1000;
  if (!complete)
    progress.note(
      `delivery: only ${arrived}/${expected} deliveries arrived within ${options.deliverySeconds}s`,
    );
  return {
    events: options.events,
    webhooks: options.webhooks,
    expected,
    arrived,
    publishSeconds: round(publishSeconds),
    seconds: round(seconds),
    deliveriesPerSecond: round(arrived / seconds, 0),
    complete,
    drainDeliveriesPerSecond:
      seconds > publishSeconds ? round((arrived - arrivedAtPublishEnd) / (seconds - publishSeconds), 0) : NaN,
  };
}
