import { InjectQueue } from '@nestjs/bull';
import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import { HeraldMetrics } from '../../metrics/herald-metrics';
import {
  MAILBOX_QUEUE,
  MailboxJob,
  SERVE_JOB,
  serveJobOptions,
  WAKE_JOB,
  wakeJobOptions,
} from './mailbox-queue.constants';

/**
 * Tells the workers which mailboxes have work: one serve job per webhook, deduplicated by Bull, in one
 * round trip per batch. Available in every role: the API notifies after a publish commits, workers after
 * a retry is scheduled. A notice that is lost (Redis down) costs time, never a delivery: the sweeper finds
 * mailboxes with overdue work and no job.
 */
@Injectable()
export class MailboxNotifier {
  constructor(
    @InjectQueue(MAILBOX_QUEUE) readonly queue: Queue<MailboxJob>,
    metrics: HeraldMetrics,
  ) {
    metrics.readQueueDepthWith(() => this.queue.getJobCounts());
  }

  /** Serve these webhooks' mailboxes now. */
  async notify(webhookIds: Iterable<string>): Promise<void> {
    const unique = [...new Set(webhookIds)];
    if (unique.length === 0) return;
    await this.queue.addBulk(
      unique.map((webhookId) => ({ name: SERVE_JOB, data: { webhookId }, opts: serveJobOptions(webhookId) })),
    );
  }

  /** Serve this webhook's mailbox at `at` (epoch ms). */
  async wakeAt(webhookId: string, at: number): Promise<void> {
    await this.queue.add(WAKE_JOB, { webhookId }, wakeJobOptions(webhookId, at));
  }
}
