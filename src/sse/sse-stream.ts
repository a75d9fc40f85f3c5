import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { commentFrame, encodedEventFrame, HEARTBEAT_FRAME, RESET_FRAME, RETRY_FRAME } from './sse-frames';
import type { EventViewer } from '../events/events.service';
import { canSee, matchesFilter, StreamEvent } from './stream-event';

export type CloseReason = 'client' | 'slow' | 'expired' | 'shutdown' | 'error';

export interface SseStreamOptions {
  viewer: EventViewer;
  /** Type patterns to pass; null passes every type. */
  patterns: string[] | null;
  heartbeatMs: number;
  /** Frames allowed to wait for 'drain' (and live events to wait during the replay) before the client is dropped. */
  maxBufferedEvents: number;
  onEventFrame: () => void;
  onHeartbeat: (stream: SseStream) => void;
  /** Called once, whatever ended the stream; its promise is what `close` returns. */
  onClosed: (stream: SseStream, reason: CloseReason) => Promise<void>;
}

/**
 * How long ids of the replay are remembered once live. An event committed just before the replay query
 * is in the replay, but its live copy can still be on its way through the bus and Redis after the join.
 */
const REPLAYED_MEMORY_MS = 60_000;

/** The longest delay setTimeout accepts; longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * One open event stream on the raw response. While it joins (the replay of a resume is running) live
 * events wait in a buffer; `goLive` flushes them minus what the replay already sent. Writes respect the
 * socket's backpressure: while the socket is full frames wait in a bounded backlog, and a client that
 * lets more than `maxBufferedEvents` pile up is dropped (it can resume with Last-Event-ID).
 */
export class SseStream {
  readonly connectionId = randomUUID();
  private state: 'joining' | 'live' | 'closed' = 'joining';
  private joinBuffer: StreamEvent[] = [];
  private backlog: (string | Buffer)[] = [];
  private congested = false;
  private heartbeat?: NodeJS.Timeout;
  private expiry?: NodeJS.Timeout;
  private replayed?: ReadonlySet<string>;
  private forgetReplayed?: NodeJS.Timeout;
  private closing?: Promise<void>;

  constructor(
    private readonly req: Request,
    private readonly res: Response,
    private readonly options: SseStreamOptions,
  ) {}

  get viewer(): EventViewer {
    return this.options.viewer;
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Writes the headers and `retry:`; from here on the status is 200 and refusals are no longer possible. */
  open(): void {
    this.res.on('close', this.onResponseClose);
    this.res.on('error', this.onResponseClose);
    this.res.on('drain', this.onDrain);
    const socket = this.req.socket;
    if (!socket || socket.destroyed) {
      void this.close('client'); // gone while we were checking credentials and limits
      return;
    }
    // The stream is meant to stay open: no idle timeout, no Nagle delay for small frames.
    socket.setTimeout(0);
    socket.setNoDelay(true);
    socket.setKeepAlive(true, this.options.heartbeatMs);
    this.res.status(200);
    this.res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    this.res.setHeader('Cache-Control', 'no-cache, no-transform');
    this.res.setHeader('Connection', 'keep-alive');
    this.res.setHeader('X-Accel-Buffering', 'no');
    this.res.flushHeaders();
    this.write(RETRY_FRAME);
    this.heartbeat = setInterval(() => this.beat(), this.options.heartbeatMs);
  }

  /** Ends the stream when the credential it was opened with expires. */
  endAt(expiresAt: Date): void {
    if (this.state === 'closed') return;
    const delay = expiresAt.getTime() - Date.now();
    if (delay <= 0) {
      void this.close('expired');
      return;
    }
    this.expiry = setTimeout(
      () => (delay > MAX_TIMER_MS ? this.endAt(expiresAt) : void this.close('expired')),
      Math.min(delay, MAX_TIMER_MS),
    );
  }

  /** A live event from the bridge. */
  deliver(event: StreamEvent): void {
    if (
      this.state === 'closed' ||
      !canSee(this.options.viewer, event) ||
      !matchesFilter(this.options.patterns, event.type)
    )
      return;
    if (this.replayed?.has(event.id)) return;
    if (this.state === 'joining') {
      this.joinBuffer.push(event);
      if (this.joinBuffer.length > this.options.maxBufferedEvents) void this.close('slow');
      return;
    }
    this.writeEvent(event);
  }

  /** An event of the replay (already filtered by scope and types in the query). */
  sendReplayed(event: StreamEvent): void {
    if (this.state !== 'closed') this.writeEvent(event);
  }

  sendReset(): void {
    if (this.state !== 'closed') this.write(RESET_FRAME);
  }

  /**
   * Ends the join: buffered live events not in `replayed` follow, in arrival order; then live. Live copies
   * of replayed events that arrive later are still dropped for a while (REPLAYED_MEMORY_MS).
   */
  goLive(replayed: ReadonlySet<string>): void {
    if (this.state !== 'joining') return;
    const buffered = this.joinBuffer;
    this.joinBuffer = [];
    this.state = 'live';
    if (replayed.size > 0) {
      this.replayed = replayed;
      this.forgetReplayed = setTimeout(() => (this.replayed = undefined), REPLAYED_MEMORY_MS);
    }
    for (const event of buffered) {
      if (this.isClosed) return; // a write above found the client too slow
      if (!replayed.has(event.id)) this.writeEvent(event);
    }
  }

  /** Idempotent; resolves once the bookkeeping (registry, connection slot) is done. */
  close(reason: CloseReason): Promise<void> {
    if (this.closing) return this.closing;
    this.state = 'closed';
    clearInterval(this.heartbeat);
    clearTimeout(this.expiry);
    clearTimeout(this.forgetReplayed);
    this.replayed = undefined;
    this.res.off('close', this.onResponseClose);
    this.res.off('error', this.onResponseClose);
    this.res.off('drain', this.onDrain);
    this.joinBuffer = [];
    this.backlog = [];
    if (reason === 'client' || reason === 'slow' || reason === 'error' || !this.res.headersSent) {
      this.res.destroy();
    } else {
      if (reason === 'expired')
        this.res.write(commentFrame('credentials expired; reconnect with a fresh token'));
      this.res.end();
    }
    this.closing = this.options.onClosed(this, reason);
    return this.closing;
  }

  private writeEvent(event: StreamEvent): void {
    this.write(encodedEventFrame(event));
    this.options.onEventFrame();
  }

  private write(frame: string | Buffer): void {
    if (this.state === 'closed') return;
    if (this.congested) {
      this.backlog.push(frame);
      if (this.backlog.length > this.options.maxBufferedEvents) void this.close('slow');
      return;
    }
    if (!this.res.write(frame)) this.congested = true;
  }

  private beat(): void {
    // A heartbeat only proves liveness; one queued behind a full socket proves nothing.
    if (!this.congested) this.write(HEARTBEAT_FRAME);
    this.options.onHeartbeat(this);
  }

  private readonly onDrain = (): void => {
    const frames = this.backlog;
    this.backlog = [];
    for (let i = 0; i < frames.length; i++) {
      if (!this.res.write(frames[i])) {
        this.backlog = frames.slice(i + 1);
        return;
      }
    }
    this.congested = false;
  };

  private readonly onResponseClose = (): void => {
    void this.close('client');
  };
}
