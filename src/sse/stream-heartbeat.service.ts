import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS } from '../redis/redis.module';
import { ConnectionSlots } from './connection-slots.service';
import { EventTail } from './event-tail.service';
import { StreamRegistry } from './stream-registry';
import { StreamTickets } from './stream-tickets.service';

/**
 * One tick for every stream of the instance, every `SSE_HEARTBEAT_MS`: a `: keep-alive` comment to each
 * stream whose socket takes writes, then one Redis pipeline that refreshes all their connection slots
 * (one command per user) and keeps their tickets good for reconnects. No timer and no Redis call per stream.
 */
@Injectable()
export class StreamHeartbeat implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StreamHeartbeat.name);
  private timer?: NodeJS.Timeout;
  private refreshing = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly registry: StreamRegistry,
    private readonly slots: ConnectionSlots,
    private readonly tickets: StreamTickets,
    private readonly tail: EventTail,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.tick(), this.config.sse.heartbeatMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  tick(): void {
    const openByUser = new Map<string, string[]>();
    const tickets: string[] = [];
    for (const stream of this.registry.streams()) {
      stream.heartbeat();
      const userId = stream.viewer.userId;
      const own = openByUser.get(userId);
      if (own) own.push(stream.connectionId);
      else openByUser.set(userId, [stream.connectionId]);
      if (stream.owner.ticket) tickets.push(stream.owner.ticket);
    }
    // A missed wake-up would otherwise wait for the next publish.
    this.tail.wake();
    if (openByUser.size === 0 || this.refreshing) return;
    const pipeline = this.redis.pipeline();
    this.slots.refresh(pipeline, openByUser);
    this.tickets.keepResumable(pipeline, tickets);
    this.refreshing = true;
    pipeline
      .exec()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'Could not refresh SSE connection slots'))
      .finally(() => (this.refreshing = false));
  }
}
