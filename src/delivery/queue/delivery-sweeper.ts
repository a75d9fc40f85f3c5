import { InjectQueue } from '@nestjs/bull';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { HeraldMetrics } from '../../metrics/herald-metrics';
import { DELIVERY_QUEUE, DeliveryJob, deliveryJobId, getJobOptions } from './delivery-queue.constants';

/**
 * For each job key: 1 when the job is live; else 0, after deleting what is left of it. A job is dead when
 * its hash is gone, finished, or a husk without `data` (a wipe in the middle of Bull's moveToActive
 * leaves a hash holding only `processedOn`, which would otherwise block re-adding that job id forever).
 */
const LIVE_JOBS = `
local out = {}
for i, key in ipairs(KEYS) do
  if redis.call('HEXISTS', key, 'data') == 1 and redis.call('HEXISTS', key, 'finishedOn') == 0 then
    out[i] = 1
  else
    redis.call('DEL', key)
    out[i] = 0
  end
end
return out
`;
const BATCH = 500;
const MAX_BATCHES_PER_SWEEP = 40;
/** A row this overdue should have a job by now (commit → enqueue takes milliseconds). */
const GRACE_MS = 2_000;

/**
 * PostgreSQL is the truth, Redis a cache of it: every few seconds, find pending deliveries that are due
 * but have no job (Redis flushed or restarted, a crash between commit and enqueue, a failed enqueue)
 * and queue them. Job ids are idempotent, so many workers sweeping at once is harmless.
 */
@Injectable()
export class DeliverySweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliverySweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(DELIVERY_QUEUE) private readonly queue: Queue<DeliveryJob>,
    private readonly metrics: HeraldMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.delivery.sweepIntervalMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep()
      .then(() => this.refreshQueueDepth())
      .catch((error: Error) => this.logger.warn(`sweep failed: ${error.message}`))
      .finally(() => (this.running = null));
  }

  /** Queues every overdue pending delivery that has no job; returns how many it queued. */
  async sweep(): Promise<number> {
    let queued = 0;
    let cursor: { at: Date; id: string } | null = null;
    for (let batch = 0; batch < MAX_BATCHES_PER_SWEEP; batch++) {
      const rows: { id: string; attempt_count: number; next_attempt_at: Date }[] = await this.db.query(
        `SELECT id, attempt_count, next_attempt_at FROM deliveries
         WHERE status = 'pending' AND next_attempt_at < now() - make_interval(secs => $1)
           AND ($2::timestamptz IS NULL OR (next_attempt_at, id) > ($2::timestamptz, $3::text))
         ORDER BY next_attempt_at, id LIMIT ${BATCH}`,
        [GRACE_MS / 1000, cursor?.at ?? null, cursor?.id ?? null],
      );
      if (rows.length === 0) break;
      queued += await this.queueMissing(
        rows.map((row) => ({ deliveryId: row.id, attempt: row.attempt_count + 1 })),
      );
      const last = rows[rows.length - 1];
      cursor = { at: last.next_attempt_at, id: last.id };
      if (rows.length < BATCH) break;
    }
    if (queued) this.logger.log(`re-queued ${queued} overdue deliveries that had no job`);
    return queued;
  }

  private async queueMissing(jobs: DeliveryJob[]): Promise<number> {
    const keys = jobs.map((job) => this.queue.toKey(deliveryJobId(job.deliveryId, job.attempt)));
    const live = (await this.queue.client.eval(LIVE_JOBS, keys.length, ...keys)) as number[];
    const missing = jobs.filter((_, i) => live[i] !== 1);
    if (missing.length)
      await this.queue.addBulk(missing.map((data) => ({ data, opts: getJobOptions(data) })));
    return missing.length;
  }

  private async refreshQueueDepth(): Promise<void> {
    const counts = await this.queue.getJobCounts();
    for (const state of ['waiting', 'active', 'delayed', 'failed'] as const)
      this.metrics.queueDepth.set({ state }, counts[state]);
  }
}
