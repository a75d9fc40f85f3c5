import { badRequest } from '../common/errors/http-errors';
import { isTypePattern } from '../catalog/type-pattern';

/** Tells EventSource clients how long to wait before reconnecting; the first bytes of every stream. */
export const RETRY_FRAME = 'retry: 3000\n\n';

/** A comment line: EventSource ignores it, but it keeps proxies and idle-timeouts from closing the stream. */
export const HEARTBEAT_FRAME = ': keep-alive\n\n';

/**
 * Sent instead of a replay when the history after Last-Event-ID cannot be replayed. It has no `id:` line
 * on purpose: an id would replace the client's Last-Event-ID and hide how far it really got.
 */
export const RESET_FRAME = 'event: stream.reset\ndata: {"reason":"history_expired"}\n\n';

/** One event in the contract's format. JSON.stringify escapes line breaks, so `data` stays on one line. */
export function eventFrame(id: string, type: string, data: unknown): string {
  return `id: ${id}\nevent: ${type}\ndata: ${JSON.stringify(data ?? {})}\n\n`;
}

const encodedFrames = new WeakMap<object, Buffer>();

/**
 * The event's frame, encoded once however many streams it goes to (the same event object is handed to
 * every stream of the instance), so fan-out costs a socket write per stream, not a JSON.stringify and a
 * UTF-8 encoding each.
 */
export function encodedEventFrame(event: { id: string; type: string; data: unknown }): Buffer {
  let frame = encodedFrames.get(event);
  if (!frame) {
    frame = Buffer.from(eventFrame(event.id, event.type, event.data), 'utf8');
    encodedFrames.set(event, frame);
  }
  return frame;
}

export const commentFrame = (text: string) => `: ${text.replace(/[\r\n]+/g, ' ')}\n\n`;

/**
 * `?types=sync.completed,gaps.*` as a list of patterns; null (every type) when absent.
 * Throws a 400 naming each pattern that is not a type, `*` or `prefix.*`.
 */
export function parseTypePatterns(raw: string | undefined): string[] | null {
  if (raw === undefined) return null;
  const patterns = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (patterns.length === 0)
    throw badRequest('types must list at least one event type or pattern, e.g. types=sync.*');
  const invalid = patterns.filter((pattern) => !isTypePattern(pattern));
  if (invalid.length > 0) {
    throw badRequest(
      `types must be event types, "*" or "prefix.*" patterns; not valid: ${invalid.join(', ')}`,
      invalid.map((pattern) => ({ field: 'types', message: `"${pattern}" is not an event type or pattern` })),
    );
  }
  return patterns.includes('*') ? null : [...new Set(patterns)];
}
