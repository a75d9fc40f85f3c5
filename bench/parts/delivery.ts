import { pollUntil } from '../lib/clock';
import { checkDeliveryLog, DeliveryLogCheck, sumOfStats } from '../lib/delivery-log';
import { HeraldInstance } from '../lib/herald';
import { BenchOptions } from '../lib/options';
import { Progress } from '../lib/progress';
import { publishBurst } from '../lib/publishing';
import { Receiver } from '../lib/receiver';
import { round } from '../lib/stats';

/** The webhooks of one fan-out: W webhooks subscribed to `type` and to nothing else. */
export interface Fanout {
  type: string;
  webhookIds: string[];
}

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
   * with the publish API (the headline figure above includes publishing, as the issue defines it). The
   * `drain` part measures this properly, on a backlog that is whole before any delivery starts.
   */
  drainDeliveriesPerSecond: number;
  /** What Herald's delivery log says about the same deliveries (every attempt is logged). */
  log: DeliveryLogCheck;
  ratioToCeiling?: number;
  cpuMsPerDelivery?: Record<string, number>;
}

/**
 * E events, each fanned out to W webhooks, published by a few concurrent publishers; the clock runs from
 * the first publish until the receiver has counted every delivery (or the time bound passes). Afterwards
 * the delivery log is read over the API to check that every delivery was logged as a success.
 */
export async function runDeliveryThroughput(
  options: BenchOptions,
  herald: HeraldInstance,
  receiver: Receiver,
  fanout: Fanout,
  progress: Progress,
): Promise<DeliveryResult> {
  const webhooks = fanout.webhookIds.length;
  const label = `delivery ×${webhooks}`;
  // The log's counts before the run (the warm-up's deliveries are in it), so that the check counts this run.
  const logBefore = await sumOfStats(herald, fanout.webhookIds);
  await receiver.reset(false);
  const expected = options.events * webhooks;
  let published = 0;
  const begin = performance.now();
  let arrived = 0;
  const ticker = setInterval(() => {
    void receiver.count().then((c) => {
      arrived = c;
      progress.update(`${label}: published ${published}/${options.events}, arrived ${c}/${expected}`);
    });
  }, 500);
  let publishSeconds = 0;
  let arrivedAtPublishEnd = 0;
  let complete = false;
  try {
    await publishBurst(herald, {
      type: fanout.type,
      events: options.events,
      concurrency: options.publishConcurrency,
      payloadBytes: options.payloadBytes,
      fanout: webhooks,
      onProgress: (n) => (published = n),
    });
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
      `${label}: only ${arrived}/${expected} deliveries arrived within ${options.deliverySeconds}s`,
    );
  progress.update(`${label}: reading the delivery log`);
  const log = await checkDeliveryLog(herald, fanout.webhookIds, options.events, logBefore);
  if (!log.complete)
    progress.note(`${label}: delivery log shows ${log.counts.success}/${expected} successes`);
  return {
    events: options.events,
    webhooks,
    expected,
    arrived,
    publishSeconds: round(publishSeconds),
    seconds: round(seconds),
    deliveriesPerSecond: round(arrived / seconds, 0),
    complete,
    drainDeliveriesPerSecond:
      seconds > publishSeconds ? round((arrived - arrivedAtPublishEnd) / (seconds - publishSeconds), 0) : NaN,
    log,
  };
}

/** Events of the uncounted warm-up before the first throughput run (JIT, sockets, pools). */
const WARM_UP_EVENTS = 100;

/**
 * A short uncounted run on the first fan-out, so that the first measured fan-out does not pay for
 * Herald's cold start and the runs compare with each other.
 */
export async function warmUpDelivery(
  options: BenchOptions,
  herald: HeraldInstance,
  receiver: Receiver,
  fanout: Fanout,
  progress: Progress,
): Promise<void> {
  const webhooks = fanout.webhookIds.length;
  const events = Math.min(WARM_UP_EVENTS, options.events);
  await receiver.reset(false);
  progress.update(`delivery: warm-up, ${events} events × ${webhooks} webhooks`);
  await publishBurst(herald, {
    type: fanout.type,
    events,
    concurrency: options.publishConcurrency,
    payloadBytes: options.payloadBytes,
    fanout: webhooks,
  });
  await pollUntil(
    async () => (await receiver.count()) >= events * webhooks,
    options.deliverySeconds * 1000,
    50,
  );
}
