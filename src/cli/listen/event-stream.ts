import { setTimeout as sleep } from 'node:timers/promises';
import { SseParser } from './sse-parser';

/** One event as the stream of docs/API.md §7 carries it: `data` is the event's data object as JSON text. */
export interface StreamMessage {
  id?: string;
  type: string;
  data: string;
}

/** What happens to the connection, for the person watching. */
export type StreamStatus =
  | { kind: 'connected'; resumedFrom?: string }
  | { kind: 'lost'; reason: string; retryInMs: number; resumeFrom?: string };

/** Herald answered the stream with a refusal that retrying cannot fix (401, 403, 400…). */
export class StreamRefusedError extends Error {}

export interface StreamOptions {
  /** Herald's base URL, e.g. http://localhost:3000. */
  baseUrl: string;
  apiKey: string;
  /** `types` filter of §7, e.g. `sync.*,gaps.updated`. */
  types?: string;
  signal: AbortSignal;
  onStatus(status: StreamStatus): void;
}

/** The stream's own `retry:` (docs/API.md: 3000) until Herald says otherwise; longer after repeated failures. */
const DEFAULT_RETRY_MS = 3_000;
const MAX_RETRY_MS = 30_000;
/** Ids remembered to drop a repeat (a replay that overlaps what was already seen never reaches the receiver twice). */
const REMEMBERED_IDS = 10_000;

/**
 * Holds the caller's event stream for as long as `signal` allows: yields each event once, and after a
 * dropped connection (Herald restarted, network gone) reconnects with `Last-Event-ID` so that the
 * events published meanwhile are replayed in order before it goes live again.
 */
export async function* followStream(options: StreamOptions): AsyncGenerator<StreamMessage> {
  let lastEventId: string | undefined;
  let retryMs = DEFAULT_RETRY_MS;
  let failures = 0;
  const seen = new RecentIds(REMEMBERED_IDS);
  while (!options.signal.aborted) {
    const queue: StreamMessage[] = [];
    let reason = 'the stream ended';
    try {
      const response = await open(options, lastEventId);
      options.onStatus({ kind: 'connected', resumedFrom: lastEventId });
      failures = 0;
      const parser = new SseParser({
        onMessage: (message) => queue.push({ id: message.id, type: message.type, data: message.data }),
        // Every id, the opening `pos_…` included, is where a reconnect resumes from.
        onId: (id) => (lastEventId = id),
        onRetry: (ms) => (retryMs = ms),
      });
      const decoder = new TextDecoder();
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        while (queue.length) {
          const message = queue.shift()!;
          if (message.id) {
            if (seen.has(message.id)) continue;
            seen.add(message.id);
          }
          yield message;
        }
      }
    } catch (error) {
      if (options.signal.aborted || error instanceof StreamRefusedError) throw error;
      reason = describe(error);
      failures++;
    }
    const wait = Math.min(retryMs * 2 ** Math.max(0, failures - 1), MAX_RETRY_MS);
    options.onStatus({ kind: 'lost', reason, retryInMs: wait, resumeFrom: lastEventId });
    await sleep(wait, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

async function open(options: StreamOptions, lastEventId: string | undefined): Promise<Response> {
  const url = new URL('/api/events/stream', options.baseUrl);
  if (options.types) url.searchParams.set('types', options.types);
  const headers: Record<string, string> = {
    accept: 'text/event-stream',
    authorization: `Bearer ${options.apiKey}`,
  };
  if (lastEventId) headers['last-event-id'] = lastEventId;
  const response = await fetch(url, { headers, signal: options.signal });
  if (response.ok && response.body) return response;
  const body = await response.text().catch(() => '');
  const message = errorMessage(body) ?? response.statusText;
  // 429 (too many streams) and 5xx (Herald starting, PostgreSQL away) pass; anything else needs the user.
  if (response.status === 429 || response.status >= 500) throw new Error(`${response.status} ${message}`);
  throw new StreamRefusedError(`Herald refused the stream (${response.status}): ${message}`);
}

function errorMessage(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

/** fetch wraps network errors as "fetch failed"; the cause (ECONNREFUSED…) is what says something. */
function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message ?? String(error);
}

/** A set that forgets its oldest entries past `limit`. */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly limit: number) {}
  has(id: string): boolean {
    return this.ids.has(id);
  }
  add(id: string): void {
    this.ids.add(id);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value!);
  }
}
