import { BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DeliveryTargets } from '../../webhooks/targets/delivery-targets.service';

/** How long successes are added up before the webhooks' counters are written. */
const FLUSH_MS = 100;

/**
 * Successful deliveries, added up per webhook and written every FLUSH_MS in one statement, instead of one
 * statement per batch of attempts: a webhook's `success_count`, `consecutive_failures` reset and
 * `last_triggered_at` trail its deliveries by at most that long. A failed write is tried again with the
 * next one; shutdown writes what is left. (The delivery log itself is written with each attempt.)
 */
@Injectable()
export class SuccessTally implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SuccessTally.name);
  private pending: Array<{ webhookId: string; at: Date }> = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly targets: DeliveryTargets) {}

  add(successes: ReadonlyArray<{ webhookId: string; at: Date }>): void {
    if (successes.length === 0) return;
    this.pending.push(...successes);
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS);
  }

  async flush(): Promise<void> {
    this.timer = null;
    await this.flushing;
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    this.flushing = this.targets
      .recordSuccesses(batch)
      .catch((error: Error) => {
        this.logger.warn(`could not count ${batch.length} successes yet, trying again: ${error.message}`);
        this.pending.unshift(...batch);
        // After shutdown's last try, what is left stays uncounted rather than keep the process alive.
        if (!this.stopped) this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS * 10);
      })
      .finally(() => (this.flushing = null));
    await this.flushing;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.flush();
  }
}
