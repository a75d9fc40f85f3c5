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
import { AttemptRunner } from '../attempt-runner.service';
import { DELIVERY_QUEUE, DeliveryJob } from './delivery-queue.constants';

/**
 * Consumes the queue in worker roles, with the configured concurrency (which is why this is not an
 * `@Process` decorator: those take a constant).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(DELIVERY_QUEUE) private readonly queue: Queue<DeliveryJob>,
    private readonly runner: AttemptRunner,
  ) {}

  onApplicationBootstrap(): void {
    this.queue
      .process(this.config.delivery.concurrency, (job) => this.runner.run(job.data))
      .catch((error: Error) => {
        this.logger.error(`the delivery queue stopped processing: ${error.message}`);
      });
    this.queue.on('error', (error) => this.logger.warn(`delivery queue: ${error.message}`));
  }

  /** Bull's close() waits for the attempts in flight, so nothing is left half-recorded when the process exits. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
