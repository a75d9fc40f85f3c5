import { InjectQueue } from '@nestjs/bull';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Queue } from 'bull';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { DeliveryRepository } from '../delivery.repository';
import { MAILBOX_QUEUE, MailboxJob, serveJobId } from './mailbox-queue.constants';
import { MailboxNotifier } from './mailbox-notifier';

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
/** A mailbox this overdue should have a job by now (commit → notice takes milliseconds). */
const GRACE_MS = 2_000;
/**
 * A job that looks live but whose mailbox is this overdue gets its state checked: a hash that sits in none
 * of Bull's lists (left by a partial loss of Redis data) would otherwise never run. The check walks Bull's
 * lists, so it is bounded per sweep and kept for mailboxes that are really late.
 */
const STUCK_CHECK_AFTER_MS = 60_000;
const MAX_STUCK_CHECKS_PER_SWEEP = 100;

/**
 * PostgreSQL is the truth, Redis a cache of it: every few seconds, find webhooks with overdue deliveries
 * but no live mailbox job (Redis flushed or restarted, a crash between commit and notice, a lost wake-up)
 * and queue their mailboxes. Job ids are idempotent, so many workers sweeping at once is harmless.
 */
@Injectable()
export class MailboxSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailboxSweeper.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(MAILBOX_QUEUE) private readonly queue: Queue<MailboxJob>,
    private readonly deliveries: DeliveryRepository,
    private readonly notifier: MailboxNotifier,
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

  /** Queues every overdue mailbox that has no live job; returns how many it queued. */
  async sweep(): Promise<number> {
    const overdue = await this.deliveries.overdueWebhooks(GRACE_MS, BATCH);
    if (overdue.length === 0) return 0;
    const keys = overdue.map((m) => this.queue.toKey(serveJobId(m.webhookId)));
    const live = (await this.queue.client.eval(LIVE_JOBS, keys.length, ...keys)) as number[];
    const missing = overdue.filter((_, i) => live[i] !== 1).map((m) => m.webhookId);
    await this.notifier.notify(missing);
    const veryLate = overdue
      .filter((m, i) => live[i] === 1 && Date.now() - m.dueAt.getTime() > STUCK_CHECK_AFTER_MS)
      .slice(0, MAX_STUCK_CHECKS_PER_SWEEP)
      .map((m) => m.webhookId);
    const queued = missing.length + (await this.requeueStuck(veryLate));
    if (queued) this.logger.log(`queued ${queued} mailboxes with overdue deliveries that had no live job`);
    return queued;
  }

  /** Re-adds the jobs whose hash exists but that sit in none of Bull's lists ("stuck"). */
  private async requeueStuck(webhookIds: string[]): Promise<number> {
    let requeued = 0;
    for (const webhookId of webhookIds) {
      const job = await this.queue.getJob(serveJobId(webhookId));
      if (!job || (await job.getState()) !== 'stuck') continue;
      await job.remove();
      await this.notifier.notify([webhookId]);
      requeued++;
    }
    return requeued;
  }
}
