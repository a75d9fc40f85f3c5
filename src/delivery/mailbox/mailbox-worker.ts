import { InjectQueue } from '@nestjs/bull';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Job, Queue } from 'bull';
import { settlesWithin } from '../../common/async/settles-within';
import { isTransient } from '../../common/probe/probe-result';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { batcher } from '../attempt/batch-window';
import { SuccessTally } from '../attempt/success-tally';
import { DeliveryRepository } from '../delivery.repository';
import { MAILBOX_QUEUE, MailboxJob, SERVE_JOB, WAKE_JOB } from './mailbox-queue.constants';
import { MailboxNotifier } from './mailbox-notifier';
import { MailboxRunner, ServeResult } from './mailbox-runner';

/** Mailboxes one worker serves at once; each is a loop, not a thread, and waits for attempt slots. */
const MAILBOX_CONCURRENCY = 256;
/** A mailbox that had work due but could lease none (locked by a racing worker) is looked at again after this. */
const RETRY_IDLE_MS = 1_000;
/** Beyond the request timeout, how long shutdown waits for the attempts in flight to be recorded. */
const SHUTDOWN_MARGIN_MS = 5_000;

/**
 * Consumes the mailbox queue in worker roles. After a mailbox is served and its job is gone, PostgreSQL
 * says when it next has work: due now → a new serve job (which also closes the race with a publish that
 * came while the job was finishing), later → a wake-up job at that time, never → nothing.
 */
@Injectable()
export class MailboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(MailboxWorker.name);
  private readonly nextDue = batcher<string, Date | null>(async (ids) => {
    const due = await this.deliveries.nextDue(ids);
    return ids.map((id) => due.get(id) ?? null);
  });

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(MAILBOX_QUEUE) private readonly queue: Queue<MailboxJob>,
    private readonly runner: MailboxRunner,
    private readonly notifier: MailboxNotifier,
    private readonly deliveries: DeliveryRepository,
    private readonly successes: SuccessTally,
  ) {}

  onApplicationBootstrap(): void {
    const failed = (error: Error) =>
      this.logger.error(`the mailbox queue stopped processing: ${error.message}`);
    this.queue
      .process(SERVE_JOB, MAILBOX_CONCURRENCY, (job: Job<MailboxJob>) =>
        this.runner.serve(job.data.webhookId),
      )
      .catch(failed);
    this.queue
      .process(WAKE_JOB, 1, (job: Job<MailboxJob>) => this.notifier.notify([job.data.webhookId]))
      .catch(failed);
    this.queue.on('completed', (job: Job<MailboxJob>, result: ServeResult | undefined) => {
      if (job.name === SERVE_JOB) this.afterServe(job.data.webhookId, result);
    });
    this.queue.on('failed', (job: Job<MailboxJob>, error: Error) => {
      this.logger.warn(`mailbox ${job.data.webhookId}: ${error.message}`);
      if (job.name === SERVE_JOB) this.afterServe(job.data.webhookId, undefined);
    });
    // Connection errors are Redis going away: the Redis module says so once, not once per reconnect.
    this.queue.on('error', (error) => {
      if (!isTransient(error)) this.logger.warn(`mailbox queue: ${error.message}`);
    });
  }

  /**
   * Bull's close() waits for the mailboxes being served, which finish and record their attempts in flight.
   * It can also wait forever on a connection caught mid-reconnect (after a Redis restart): past the longest
   * an attempt can take, the queue's connections are dropped instead. Nothing is lost that way: an attempt
   * not recorded is due again when its lease ends.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.runner.close();
    const graceMs = this.config.delivery.timeoutMs + SHUTDOWN_MARGIN_MS;
    if (!(await settlesWithin(this.queue.close(), graceMs))) {
      this.logger.warn(
        `the mailbox queue did not close within ${graceMs / 1000} s; dropping its Redis connections`,
      );
      for (const client of this.queue.clients) client.disconnect();
    }
    await this.successes.flush();
  }

  private afterServe(webhookId: string, result: ServeResult | undefined): void {
    this.scheduleNext(webhookId, result).catch((error: Error) =>
      this.logger.warn(
        `mailbox ${webhookId}: could not schedule its next serving, the sweeper will: ${error.message}`,
      ),
    );
  }

  private async scheduleNext(webhookId: string, result: ServeResult | undefined): Promise<void> {
    if (result?.yielded) return this.notifier.notify([webhookId]);
    const due = await this.nextDue.load(webhookId);
    if (!due && !result?.pausedUntil) return;
    const now = Date.now();
    let at = Math.max(due?.getTime() ?? 0, result?.pausedUntil ?? 0);
    if (at <= now && result && !result.progressed) at = now + RETRY_IDLE_MS;
    if (at <= now) return this.notifier.notify([webhookId]);
    await this.notifier.wakeAt(webhookId, at);
  }
}
