import { EventsService, EventViewer, viewerOf } from '../events/events.service';
import {
  BeforeApplicationShutdown,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  UnauthorizedException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { HeraldMetrics } from '../metrics/herald-metrics';
import { ConnectionSlots } from './connection-slots.service';
import { StreamQueryDto } from './dto/stream-query.dto';
import { parseTypePatterns } from './sse-frames';
import { CloseReason, SseStream } from './sse-stream';
import { toStreamEvent } from './stream-event';
import { StreamRegistry } from './stream-registry';

/**
 * Opens streams: every refusal first (400 types, 401 expired, 429 limit), then headers, then the join of
 * replay and live feed. Also closes every stream cleanly before the HTTP server shuts down.
 */
@Injectable()
export class StreamsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(StreamsService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly replay: EventsService,
    private readonly registry: StreamRegistry,
    private readonly slots: ConnectionSlots,
    private readonly metrics: HeraldMetrics,
  ) {}

  async open(
    user: AuthUser,
    query: StreamQueryDto,
    lastEventIdHeader: string | undefined,
    req: Request,
    res: Response,
  ): Promise<void> {
    const patterns = parseTypePatterns(query.types);
    const lastEventId = (lastEventIdHeader ?? query.last_event_id ?? '').trim() || null;
    if (user.expiresAt && user.expiresAt.getTime() <= Date.now()) {
      throw new UnauthorizedException('The token is invalid or expired; log in again');
    }
    const viewer = viewerOf(user);
    const stream = new SseStream(req, res, {
      viewer,
      patterns,
      heartbeatMs: this.config.sse.heartbeatMs,
      maxBufferedEvents: this.config.sse.maxBufferedEvents,
      onEventFrame: () => this.metrics.sseFrames.inc(),
      onHeartbeat: (open) => this.refreshSlot(open),
      onClosed: (closed, reason) => this.forget(closed, reason),
    });
    if (!(await this.slots.acquire(user.id, stream.connectionId))) {
      res.setHeader('Retry-After', String(this.slots.retryAfterSeconds));
      throw new HttpException(
        `You have ${this.config.sse.maxConnectionsPerUser} streams open already, the most allowed; close one first`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    // Registered before the replay query, so that nothing committed meanwhile can fall between the two.
    this.registry.add(stream);
    this.metrics.openStreams.inc();
    stream.open();
    if (user.expiresAt) stream.endAt(user.expiresAt);
    if (stream.isClosed) return;
    if (lastEventId) await this.join(stream, viewer, lastEventId, patterns);
    else stream.goLive(new Set());
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.registry.streams().map((stream) => stream.close('shutdown')));
  }

  private async join(
    stream: SseStream,
    viewer: EventViewer,
    lastEventId: string,
    patterns: string[] | null,
  ): Promise<void> {
    const limit = this.config.sse.replayLimit;
    try {
      const { known, events } = await this.replay.replayAfter(lastEventId, viewer, patterns, limit);
      const sent = new Set<string>();
      if (!known || events.length > limit) {
        stream.sendReset();
      } else {
        for (const event of events) {
          stream.sendReplayed(toStreamEvent(event));
          sent.add(event.id);
        }
      }
      stream.goLive(sent);
    } catch (error) {
      // Headers are out: the only honest answer left is to end the stream; the client resumes from its last id.
      this.logger.error({ err: error }, 'SSE replay failed; closing the stream');
      await stream.close('error');
    }
  }

  private refreshSlot(stream: SseStream): void {
    this.slots.refresh(stream.viewer.userId, stream.connectionId).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'Could not refresh an SSE connection slot');
    });
  }

  private async forget(stream: SseStream, reason: CloseReason): Promise<void> {
    this.registry.remove(stream);
    this.metrics.openStreams.dec();
    if (reason === 'slow') this.metrics.sseSlowDisconnects.inc();
    try {
      await this.slots.release(stream.viewer.userId, stream.connectionId);
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not release an SSE connection slot; it expires on its own');
    }
  }
}
