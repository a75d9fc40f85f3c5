import type { MessageEvent } from '@nestjs/common';

/**
 * The messages a stream hands to Nest's `@Sse()` writer. Nest gives every message that is not a bare
 * comment an `id:` of its own (a per-stream counter) when it has none; an id replaces the client's
 * Last-Event-ID, so each message below carries the id the client should resume from.
 */

/** The first message: `retry: 3000`, with the position a reconnect must resume from. */
export const openingMessage = (resumeFrom: string): MessageEvent => ({ id: resumeFrom, retry: 3000 });

/** A comment line (`: keep-alive`): EventSource ignores it, proxies and idle timeouts see traffic. */
export const HEARTBEAT: MessageEvent = Object.freeze({ comment: 'keep-alive' });

export const EXPIRED: MessageEvent = Object.freeze({
  comment: 'credentials expired; reconnect with a fresh token',
});

export const REVOKED: MessageEvent = Object.freeze({
  comment: 'credentials revoked or changed; sign in again, or reconnect to see what you may see now',
});

const RESET_DATA = JSON.stringify({ reason: 'history_expired' });

/**
 * Sent instead of a replay that cannot be made. Its id is the position the stream goes live at, so a
 * later reconnect resumes from there instead of asking for the lost history again.
 */
export const resetMessage = (liveFrom: string): MessageEvent => ({
  type: 'stream.reset',
  id: liveFrom,
  data: RESET_DATA,
});
