import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { EventFeed } from '../events/feed/event-feed';
import {
  comparePositions,
  FeedPosition,
  positionToken,
  startOfTransaction,
} from '../events/feed/feed-position';
import { toStreamEvent } from './stream-event';
import { StreamRegistry } from './stream-registry';

/** How soon to read again while newer events wait for an older transaction, or after a failed read. */
const HELD_RETRY_MS = 25;
const FAILED_RETRY_MS = 1000;

/**
 * The live feed of this instance: reads newly final events from PostgreSQL in commit order (one query
 * for all its streams, whatever woke it) and hands each, encoded once, to the streams that may see it.
 * Woken by the Redis channel after every publish on any instance, by its own publishes, and after the
 * Redis subscription comes back, so whatever was missed meanwhile is read like anything else.
 */
@Injectable()
export class EventTail implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(EventTail.name);
  /** Always between two transactions: every older event has been handed out, no newer one. */
  private position: FeedPosition = startOfTransaction('0');
  private started = false;
  private reading = false;
  private again = false;
  private retry?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly feed: EventFeed,
    private readonly registry: StreamRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.position = startOfTransaction(await this.feed.currentHorizon());
    this.started = true;
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.retry);
  }

  /** Where a stream that joins now goes live, as an SSE id: a reconnect with it misses nothing. */
  get liveToken(): string {
    return positionToken(this.position.tx);
  }

  /** Reads what is new; calls while a read runs make one more read afterwards. */
  wake(): void {
    if (!this.started || this.stopped) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    clearTimeout(this.retry);
    this.retry = undefined;
    this.reading = true;
    void this.readUntilQuiet();
  }

  private async readUntilQuiet(): Promise<void> {
    let retryIn: number | undefined;
    try {
      do {
        this.again = false;
        const { events, horizon, held } = await this.feed.tail(this.position);
        for (const event of events) this.registry.dispatch(toStreamEvent(event));
        const boundary = startOfTransaction(horizon);
        // Never back: a horizon can come out lower when a transaction of another database ends mid-read.
        if (comparePositions(boundary, this.position) > 0) this.position = boundary;
        if (held) retryIn = HELD_RETRY_MS;
      } while (this.again && !this.stopped);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not read the event feed; trying again');
      retryIn = FAILED_RETRY_MS;
    } finally {
      this.reading = false;
    }
    if (retryIn !== undefined && !this.stopped) this.retry = setTimeout(() => this.wake(), retryIn);
  }
}
