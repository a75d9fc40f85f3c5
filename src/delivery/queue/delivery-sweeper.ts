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
import { DELIVERY_QUEUE, DeliveryJob, deliveryJobId } from './delivery-queue.constants';
import { DeliveryProducer } from './delivery-producer';

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
 * A job that looks live but is this overdue gets its state checked: a hash that sits in none of Bull's
 * lists (left by a partial loss of Redis data) would otherwise never run. The check walks Bull's lists,
 * so it is bounded per sweep and kept for rows that are really late.
 */
const STUCK_CHECK_AFTER_MS = 60_000;
const MAX_STUCK_CHECKS_PER_SWEEP = 100;

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
    private readonly producer: DeliveryProducer,
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
      .then(() => undefined)
      .catch((error: Error) => this.logger.warn(`sweep failed: ${error.message}`))
      .finally(() => (this.running = null));
  }

  /** Queues every overdue pending delivery that has no job; returns how many it queued. */
  async sweep(): Promise<number> {
    let queued = 0;
    let stuckChecks = 0;
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
      const jobs = rows.map((row) => ({ deliveryId: row.id, attempt: row.attempt_count + 1 }));
      const live = await this.queueMissing(jobs);
      queued += jobs.length - live.length;
      const dueAt = new Map(rows.map((row) => [row.id, row.next_attempt_at.getTime()]));
      const veryLate = live.filter((job) => Date.now() - dueAt.get(job.deliveryId)! > STUCK_CHECK_AFTER_MS);
      const budget = veryLate.slice(0, MAX_STUCK_CHECKS_PER_SWEEP - stuckChecks);
      stuckChecks += budget.length;
      queued += await this.requeueStuck(budget);
      const last = rows[rows.length - 1];
      cursor = { at: last.next_attempt_at, id: last.id };
      if (rows.length < BATCH) break;
    }
    if (queued) this.logger.log(`re-queued ${queued} overdue deliveries that had no job`);
    return queued;
  }

  /** Queues the jobs that have no live job hash; returns the ones that do (left alone). */
  private async queueMissing(jobs: DeliveryJob[]): Promise<DeliveryJob[]> {
    const keys = jobs.map((job) => this.queue.toKey(deliveryJobId(job.deliveryId, job.attempt)));
    const live = (await this.queue.client.eval(LIVE_JOBS, keys.length, ...keys)) as number[];
    const missing = jobs.filter((_, i) => live[i] !== 1);
    await this.producer.enqueueMany(missing);
    return jobs.filter((_, i) => live[i] === 1);
  }

  /** Re-adds the jobs whose hash exists but that sit in none of Bull's lists ("stuck"). */
  private async requeueStuck(jobs: DeliveryJob[]): Promise<number> {
    let requeued = 0;
    for (const data of jobs) {
      const job = await this.queue.getJob(deliveryJobId(data.deliveryId, data.attempt));
      if (!job || (await job.getState()) !== 'stuck') continue;
      await job.remove();
      await this.producer.enqueue(data);
      requeued++;
    }
    return requeued;
  }
}
