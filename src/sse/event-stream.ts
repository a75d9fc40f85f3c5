import type { MessageEvent } from '@nestjs/common';
import { once } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Subscriber } from 'rxjs';
import type { EventViewer } from '../events/event-viewer';
import { comparePositions, FeedPosition } from '../events/feed/feed-position';
import { EXPIRED, HEARTBEAT, REVOKED } from './stream-messages';
import { canSee, matchesFilter, StreamEvent } from './stream-event';
import type { StreamPacer } from './stream-pacer';

export type CloseReason = 'client' | 'slow' | 'expired' | 'revoked' | 'shutdown' | 'error';

/** What every stream of an instance shares, held once instead of once per stream. */
export interface StreamContext {
  /** Messages allowed to wait (behind a full socket, or live ones during a resume) before the client is dropped. */
  maxBufferedEvents: number;
  pacer: StreamPacer;
  onEventSent(): void;
  onClosed(stream: EventStream, reason: CloseReason): void;
}

/** Who the stream is for and what it was opened with. */
export interface StreamOwner {
  /** Its connection slot (ConnectionSlots). */
  connectionId: string;
  viewer: EventViewer;
  /** Type patterns to pass; null passes every type. */
  patterns: string[] | null;
  /** When the credential it was opened with expires (JWTs); null for API keys. */
  expiresAt: number | null;
  /** The ticket it was opened with, kept re-presentable while the stream is open (browsers reconnect with it). */
  ticket: string | null;
  /** The revocable credential it was opened with (directly or through its ticket): API key, portal session. */
  credential: string | null;
}

/**
 * One open stream: the subscriber of the Observable its `@Sse()` handler returned. While it joins (the
 * replay of a resume runs) live events wait; afterwards each event is handed to Nest once, in feed order,
 * skipping what the replay already sent. While the socket is full, messages wait here, counted, and a
 * client that lets more than `maxBufferedEvents` pile up is dropped (it resumes with Last-Event-ID).
 */
export class EventStream {
  private state: 'joining' | 'live' | 'closed' = 'joining';
  private joinBuffer?: StreamEvent[];
  /** Messages not yet handed to Nest, oldest first; only while the socket is full or a burst is paced. */
  private waiting?: MessageEvent[];
  private waitingFrom = 0;
  /** The furthest event handed to Nest: anything at or before it is not sent again. */
  private lastSent?: FeedPosition;
  /** The pacer's turn in which `handedThisTurn` messages were handed to Nest. */
  private turn = -1;
  private handedThisTurn = 0;

  constructor(
    readonly owner: StreamOwner,
    private readonly subscriber: Subscriber<MessageEvent>,
    private readonly response: ServerResponse,
    private readonly context: StreamContext,
  ) {}

  get connectionId(): string {
    return this.owner.connectionId;
  }

  get viewer(): EventViewer {
    return this.owner.viewer;
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Whether writes wait for the socket to drain: a heartbeat queued behind them would prove nothing. */
  get isCongested(): boolean {
    return this.waiting !== undefined || this.response.writableNeedDrain;
  }

  /** A live event from the tail, in feed order. */
  deliver(event: StreamEvent): void {
    if (
      this.state === 'closed' ||
      !canSee(this.owner.viewer, event) ||
      !matchesFilter(this.owner.patterns, event.type)
    )
      return;
    if (this.state === 'joining') {
      (this.joinBuffer ??= []).push(event);
      if (this.joinBuffer.length > this.context.maxBufferedEvents) this.close('slow');
      return;
    }
    this.sendEvent(event);
  }

  /** An event of the replay (already filtered by scope and types in the query), in feed order. */
  sendReplayed(event: StreamEvent): void {
    if (this.state !== 'closed') this.sendEvent(event);
  }

  /** A message that is not an event: the opening `retry:`, a reset. */
  sendMessage(message: MessageEvent): void {
    if (this.state !== 'closed') this.send(message);
  }

  /** Live events at or before `position` (where a resume starts) are not sent: the client has them. */
  skipUpTo(position: FeedPosition): void {
    this.lastSent = position;
  }

  /** Ends the join: live events that arrived meanwhile follow, minus those the replay already sent. */
  goLive(): void {
    if (this.state !== 'joining') return;
    const buffered = this.joinBuffer ?? [];
    this.joinBuffer = undefined;
    this.state = 'live';
    for (const event of buffered) {
      if (this.isClosed) return; // the client was found too slow
      this.sendEvent(event);
    }
  }

  heartbeat(): void {
    if (this.state !== 'closed' && !this.isCongested) this.send(HEARTBEAT);
  }

  /**
   * Idempotent. `expired` and `shutdown` end the response cleanly (a client reconnects after `retry`);
   * `slow` cuts the connection. The bookkeeping runs in `forget`, which Nest's teardown calls.
   */
  close(reason: CloseReason): void {
    if (this.state === 'closed') return;
    this.forget(reason);
    if (reason === 'slow') {
      this.response.destroy();
      return;
    }
    if (reason === 'expired') this.subscriber.next(EXPIRED);
    if (reason === 'revoked') this.subscriber.next(REVOKED);
    this.subscriber.complete();
  }

  /** Resolves once the response is over (ended and flushed, or cut). */
  async ended(): Promise<void> {
    if (!this.response.closed) await once(this.response, 'close');
  }

  /** The Observable's teardown: the client left, or `close` ended the stream. */
  forget(reason: CloseReason): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.joinBuffer = undefined;
    this.waiting = undefined;
    this.response.off('drain', this.flush);
    this.context.onClosed(this, reason);
  }

  private sendEvent(event: StreamEvent): void {
    if (this.lastSent && comparePositions(event, this.lastSent) <= 0) return;
    this.lastSent = event;
    this.send(event.message);
    this.context.onEventSent();
  }

  /**
   * Hands a message to Nest while the socket takes writes, a bounded number per turn of the event loop
   * (Nest queues what it cannot write yet where no one can count it); keeps it waiting otherwise.
   */
  private send(message: MessageEvent): void {
    if (this.waiting === undefined && this.mayHand()) {
      this.subscriber.next(message);
      return;
    }
    if (this.waiting === undefined) {
      this.waiting = [];
      this.waitingFrom = 0;
      this.scheduleFlush();
    }
    this.waiting.push(message);
    if (this.waiting.length - this.waitingFrom > this.context.maxBufferedEvents) this.close('slow');
  }

  private mayHand(): boolean {
    if (this.response.writableNeedDrain) return false;
    const turn = this.context.pacer.turn;
    if (turn !== this.turn) {
      this.turn = turn;
      this.handedThisTurn = 0;
    }
    if (this.handedThisTurn >= this.context.pacer.perTurn) return false;
    this.handedThisTurn++;
    this.context.pacer.used();
    return true;
  }

  private scheduleFlush(): void {
    if (this.response.writableNeedDrain) this.response.once('drain', this.flush);
    else this.context.pacer.later(this.flush);
  }

  /** Hands waiting messages on, as many as `send` would, and waits again for the rest. */
  readonly flush = (): void => {
    const waiting = this.waiting;
    if (this.state === 'closed' || !waiting) return;
    while (this.waitingFrom < waiting.length && this.mayHand()) {
      this.subscriber.next(waiting[this.waitingFrom++]);
      if (this.isClosed) return; // the write found the client gone
    }
    if (this.waitingFrom < waiting.length) this.scheduleFlush();
    else this.waiting = undefined;
  };
}
