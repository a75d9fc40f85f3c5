import { pollUntil } from '../lib/clock';
import { cpuPer, cpuSnapshot } from '../lib/cpu-breakdown';
import { checkDeliveryLog, DeliveryLogCheck } from '../lib/delivery-log';
import { ensureEventType, startHerald } from '../lib/herald';
import { BenchOptions } from '../lib/options';
import { Progress } from '../lib/progress';
import { HeraldLaunch, signalProfiler, summarizeCounts } from '../lib/profiler';
import { publishBurst } from '../lib/publishing';
import { Receiver } from '../lib/receiver';
import { round } from '../lib/stats';
import { createWebhooks, fanoutType } from './webhook-setup';

export interface DrainResult {
  events: number;
  webhooks: number;
  expected: number;
  /** Deliveries that reached the receiver before the worker was started (must be 0: nothing delivers). */
  arrivedBeforeWorker: number;
  arrived: number;
  complete: boolean;
  publishSeconds: number;
  /** Worker spawned → its /health/ready answered, and → the first delivery arrived. */
  workerStartSeconds: number;
  firstArrivalAfterSpawnSeconds: number;
  /** First → last arrival. */
  drainSeconds: number;
  deliveriesPerSecond: number;
  /** Worker (`herald`), PostgreSQL backends of the database, Redis, receiver: CPU ms per delivery. */
  cpuMsPerDelivery: Record<string, number>;
  log: DeliveryLogCheck;
  /** With --profile: the worker's CPU profile and its statements/commands per delivery. */
  profile?: ReturnType<typeof summarizeCounts>;
  ratioToCeiling?: number;
}

/**
 * Drain only: a backlog of E×W deliveries is made pending while no process delivers (Herald runs with
 * HERALD_ROLE=api), then a second Herald process with HERALD_ROLE=worker is started on the same database
 * and Redis (with --profile, the worker is the process profiled); the rate is the receiver's count over the time from the first to the last arrival, so the
 * worker's start-up is not in it and publishing is entirely over.
 */
export async function runDrain(
  options: BenchOptions,
  receiver: Receiver,
  settings: { env: Record<string, string> },
  workerLaunch: HeraldLaunch,
  progress: Progress,
): Promise<DrainResult> {
  const webhooks = options.drainWebhooks;
  const type = fanoutType(webhooks);
  const expected = options.drainEvents * webhooks;
  const api = await startHerald(progress, { env: { ...settings.env, HERALD_ROLE: 'api' } });
  try {
    await ensureEventType(api, type);
    const ids = await createWebhooks(api, receiver, webhooks, type);
    await receiver.reset(false);
    const begin = performance.now();
    await publishBurst(api, {
      type,
      events: options.drainEvents,
      concurrency: options.publishConcurrency,
      payloadBytes: options.payloadBytes,
      fanout: webhooks,
      onProgress: (n) => progress.update(`drain: published ${n}/${options.drainEvents} (no worker running)`),
    });
    const publishSeconds = (performance.now() - begin) / 1000;
    const arrivedBeforeWorker = await receiver.count();
    if (arrivedBeforeWorker)
      progress.note(`drain: ${arrivedBeforeWorker} deliveries arrived with no worker running`);
    const worker = await api.startSibling(
      'herald-worker',
      { ...settings.env, ...workerLaunch.env, HERALD_ROLE: 'worker' },
      workerLaunch,
    );
    try {
      await signalProfiler(workerLaunch, 'start');
      // CPU from the worker's ready on (its start-up excluded), per delivery that arrived after it.
      const cpuBefore = await cpuSnapshot(worker.pid, api.database, receiver.pid);
      const arrivedAtReady = await receiver.count();
      let counts = await receiver.counts();
      const complete = await pollUntil(
        async () => {
          counts = await receiver.counts();
          progress.update(`drain: arrived ${counts.count}/${expected}`);
          return counts.count >= expected;
        },
        options.deliverySeconds * 1000,
        20,
      );
      if (!complete)
        progress.note(`drain: only ${counts.count}/${expected} arrived within ${options.deliverySeconds}s`);
      const profile = await signalProfiler(workerLaunch, 'stop');
      const cpuMsPerDelivery = cpuPer(
        cpuBefore,
        await cpuSnapshot(worker.pid, api.database, receiver.pid),
        counts.count - arrivedAtReady,
      );
      const drainSeconds = (counts.lastAt - counts.firstAt) / 1000;
      progress.update('drain: reading the delivery log');
      const log = await checkDeliveryLog(api, ids, options.drainEvents);
      return {
        events: options.drainEvents,
        webhooks,
        expected,
        arrivedBeforeWorker,
        arrived: counts.count,
        complete,
        publishSeconds: round(publishSeconds),
        workerStartSeconds: round((worker.readyAt - worker.spawnedAt) / 1000),
        firstArrivalAfterSpawnSeconds: round((counts.firstAt - worker.spawnedAt) / 1000),
        drainSeconds: round(drainSeconds),
        deliveriesPerSecond: drainSeconds > 0 ? round((counts.count - 1) / drainSeconds, 0) : NaN,
        cpuMsPerDelivery,
        log,
        ...(profile ? { profile: summarizeCounts(profile, counts.count - arrivedAtReady) } : {}),
      };
    } finally {
      await worker.stop();
    }
  } finally {
    await api.stop();
  }
}
