import { BearerAuthService } from '../auth/bearer-auth.service';
import { CALLER_CACHE_TTL_MS } from '../auth/caller-cache';
import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Logger,
  MessageEvent,
  OnApplicationShutdown,
  OnModuleDestroy,
  UnauthorizedException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { EMPTY, Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { settlesWithin } from '../common/async/settles-within';
import { isId } from '../common/ids';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { viewerOf } from '../events/event-viewer';
import { EventFeed } from '../events/feed/event-feed';
import {
  comparePositions,
  FeedPosition,
  parsePositionToken,
  startOfTransaction,
} from '../events/feed/feed-position';
import { HeraldMetrics } from '../metrics/herald-metrics';
import { ConnectionSlots } from './connection-slots.service';
import { EventTail } from './event-tail.service';
import { CloseReason, EventStream, StreamContext, StreamOwner } from './event-stream';
import { toStreamEvent } from './stream-event';
import { RecentRevocations } from './recent-revocations';
import { StreamExpiry } from './stream-expiry';
import { openingMessage, resetMessage } from './stream-messages';
import { StreamPacer } from './stream-pacer';
import { StreamRegistry } from './stream-registry';
import { StreamTickets } from './stream-tickets.service';

/** Messages a stream hands Nest per turn of the event loop (Nest's own write queue holds 16 before it waits). */
const MESSAGES_PER_TURN = 64;

/** How long shutdown waits for ended streams to flush before the HTTP server closes. */
const SHUTDOWN_FLUSH_MS = 2000;

export interface OpenStream {
  user: AuthUser;
  /** The ticket it was opened with (browsers), if any. */
  ticket: string | null;
  patterns: string[] | null;
  lastEventId: string | null;
  response: ServerResponse;
  /** Nest's `@SseSignal()`: aborted however the response ends, also before the Observable is subscribed. */
  signal: AbortSignal;
}

/**
 * Opens streams: the last refusal (429, or 401 for a token that expired meanwhile) while Nest can still
 * answer with JSON, then an Observable of messages whose subscription is the stream: the opening
 * `retry:`, the replay of a resume joined to the live tail, heartbeats, and the end on expiry or
 * shutdown. Everything a stream holds is let go on Nest's signal, whichever way it ended.
 */
@Injectable()
export class StreamsService implements OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(StreamsService.name);
  private readonly expiry = new StreamExpiry();
  private readonly recentlyRevoked = new RecentRevocations();
  private readonly context: StreamContext;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly feed: EventFeed,
    private readonly tail: EventTail,
    private readonly registry: StreamRegistry,
    private readonly slots: ConnectionSlots,
    private readonly tickets: StreamTickets,
    private readonly bearer: BearerAuthService,
    private readonly metrics: HeraldMetrics,
  ) {
    this.context = {
      maxBufferedEvents: config.sse.maxBufferedEvents,
      pacer: new StreamPacer(MESSAGES_PER_TURN),
      onEventSent: () => this.metrics.sseFrames.inc(),
      onClosed: (stream, reason) => this.forget(stream, reason),
    };
  }

  async open(request: OpenStream): Promise<Observable<MessageEvent>> {
    const { user, response, signal } = request;
    // The identity behind `user` may be this old (CallerCache): a revocation since then must reach this stream.
    const authenticatedSince = Date.now() - CALLER_CACHE_TTL_MS;
    const expiresAt = user.expiresAt?.getTime() ?? null;
    if (expiresAt !== null && expiresAt <= Date.now()) {
      throw new UnauthorizedException('The token is invalid or expired; log in again');
    }
    const owner: StreamOwner = {
      connectionId: randomUUID(),
      viewer: viewerOf(user),
      patterns: request.patterns,
      expiresAt,
      ticket: request.ticket,
      credential: user.credential ?? null,
    };
    if (!(await this.slots.acquire(user.id, owner.connectionId))) {
      response.setHeader('Retry-After', String(this.slots.retryAfterSeconds));
      throw new HttpException(
        `You have ${this.config.sse.maxConnectionsPerUser} streams open already, the most allowed; close one first`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const release = () => this.releaseSlot(owner);
    if (signal.aborted) {
      release(); // gone while we checked its limits: Nest will not subscribe
      return EMPTY;
    }
    signal.addEventListener('abort', release, { once: true });

    return new Observable<MessageEvent>((subscriber) => {
      const stream = new EventStream(owner, subscriber, response, this.context);
      // Registered before the replay query, so that nothing committed meanwhile can fall between the two.
      const joinedAt = this.tail.liveToken;
      this.registry.add(stream);
      this.expiry.add(stream);
      this.metrics.openStreams.inc();
      // Revoked while it was being opened? Then its identity may predate the notice: check it afresh.
      if (this.recentlyRevoked.revokedSince(authenticatedSince, user.id, owner.credential)) {
        void this.recheck(stream, user);
      }
      void this.start(stream, request.lastEventId, joinedAt);
      return () => stream.forget('client');
    });
  }

  /**
   * The first shutdown hook (Nest runs every onModuleDestroy before any beforeApplicationShutdown): streams
   * get their `shutdown` close while clients can still reconnect elsewhere, not after the delivery drain of
   * a process that also delivers (HERALD_ROLE=all), which can take DELIVERY_TIMEOUT_MS.
   */
  async onModuleDestroy(): Promise<void> {
    const streams = [...this.registry.streams()];
    for (const stream of streams) stream.close('shutdown');
    await settlesWithin(Promise.all(streams.map((stream) => stream.ended())), SHUTDOWN_FLUSH_MS);
  }

  onApplicationShutdown(): void {
    this.expiry.stop();
  }

  /** `retry:` with where to resume from, then the replay (for a resume) and the live feed. */
  private async start(stream: EventStream, lastEventId: string | null, joinedAt: string): Promise<void> {
    stream.sendMessage(openingMessage(lastEventId ?? joinedAt));
    if (!lastEventId) {
      stream.goLive();
      return;
    }
    try {
      const from = await this.resumePoint(lastEventId);
      const limit = this.config.sse.replayLimit;
      const events = from ? await this.feed.replay(from, stream.viewer, stream.owner.patterns, limit) : [];
      if (!from || events.length > limit) {
        stream.sendMessage(resetMessage(joinedAt));
      } else {
        stream.skipUpTo(from);
        for (const event of events) stream.sendReplayed(toStreamEvent(event));
      }
      stream.goLive();
    } catch (error) {
      // The headers are out: the honest answer left is to end the stream; the client resumes from its last id.
      this.logger.error({ err: error }, 'SSE replay failed; closing the stream');
      stream.close('error');
    }
  }

  /** Where a Last-Event-ID resumes: after that event, or at a position token; null when unknown. */
  private async resumePoint(lastEventId: string): Promise<FeedPosition | null> {
    const token = parsePositionToken(lastEventId);
    if (token) {
      // A token from the future was not ours: resuming there would skip live events silently.
      const horizon = startOfTransaction(await this.feed.currentHorizon());
      return comparePositions(token, horizon) <= 0 ? token : null;
    }
    return isId('evt', lastEventId) ? this.feed.positionOf(lastEventId) : null;
  }

  /**
   * Ends this instance's streams of `userId`: those opened with `credential`, or all of them (the user was
   * deleted or their role changed; a reconnect then sees what the new role may see). The tickets they were
   * opened with stop being good for reconnects.
   */
  revoke(userId: string, credential: string | null): number {
    this.recentlyRevoked.note(userId, credential);
    let ended = 0;
    for (const stream of this.registry.streamsOf(userId)) {
      const { credential: own, ticket } = stream.owner;
      if (credential !== null && own !== credential) continue;
      stream.close('revoked');
      if (ticket) this.tickets.forgetResume(ticket);
      ended++;
    }
    if (ended) this.logger.log(`ended ${ended} stream(s) of user ${userId}: credentials revoked or changed`);
    return ended;
  }

  private async recheck(stream: EventStream, user: AuthUser): Promise<void> {
    const valid = await this.bearer.stillValid(user).catch(() => false);
    if (!valid) stream.close('revoked');
  }

  private forget(stream: EventStream, reason: CloseReason): void {
    this.registry.remove(stream);
    this.expiry.remove(stream);
    this.metrics.openStreams.dec();
    if (reason === 'slow') this.metrics.sseSlowDisconnects.inc();
  }

  private releaseSlot(owner: StreamOwner): void {
    this.slots.release(owner.viewer.userId, owner.connectionId).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'Could not release an SSE connection slot; it expires on its own');
    });
  }
}
