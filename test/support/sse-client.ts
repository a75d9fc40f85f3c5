import { get as httpGet } from 'node:http';
import { EventSource } from 'eventsource';

/** Polls `predicate` until it holds, failing after `timeoutMs` with `what` in the message. */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export interface SseFrame {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
  comment?: string;
}

/** Splits raw stream text into frames (blank-line separated), keeping comments and `retry:` visible. */
export function parseFrames(text: string): SseFrame[] {
  const frames: SseFrame[] = [];
  for (const block of text.split('\n\n').slice(0, -1)) {
    const frame: SseFrame = {};
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) frame.comment = line.slice(1).trim();
      else {
        const at = line.indexOf(':');
        const field = line.slice(0, at) as keyof SseFrame;
        frame[field] = line.slice(at + 1).replace(/^ /, '');
      }
    }
    frames.push(frame);
  }
  return frames;
}

/** A stream read with plain fetch, for exact bytes and statuses. */
export class RawStream {
  text = '';
  ended = false;
  private constructor(
    readonly response: Response,
    private readonly abort: AbortController,
  ) {}

  static async open(url: string, headers: Record<string, string> = {}): Promise<RawStream> {
    const abort = new AbortController();
    const response = await fetch(url, { headers, signal: abort.signal });
    const stream = new RawStream(response, abort);
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) stream.pump();
    return stream;
  }

  get status(): number {
    return this.response.status;
  }

  /** Event frames only (no retry, no comments). */
  events(): SseFrame[] {
    return parseFrames(this.text).filter((frame) => frame.event !== undefined);
  }

  waitFor(
    predicate: (stream: RawStream) => boolean,
    timeoutMs = 5000,
    what = 'stream content',
  ): Promise<void> {
    return waitUntil(
      () => predicate(this),
      timeoutMs,
      `${what}; got ${JSON.stringify(this.text.slice(-500))}`,
    );
  }

  waitForEvents(count: number, timeoutMs = 5000): Promise<void> {
    return this.waitFor((stream) => stream.events().length >= count, timeoutMs, `${count} events`);
  }

  /** Until the opening `retry: 3000` arrived: from then on the stream is live. */
  waitForOpen(timeoutMs = 5000): Promise<void> {
    return this.waitFor((stream) => /(^|\n)retry: 3000\n/.test(stream.text), timeoutMs, 'the opening retry:');
  }

  close(): void {
    this.abort.abort();
  }

  private pump(): void {
    const reader = this.response.body!.getReader();
    const decoder = new TextDecoder();
    const read = (): void => {
      reader.read().then(
        ({ done, value }) => {
          if (done) {
            this.ended = true;
            return;
          }
          this.text += decoder.decode(value, { stream: true });
          read();
        },
        () => {
          this.ended = true;
        },
      );
    };
    read();
  }
}

export interface ReceivedEvent {
  id: string;
  type: string;
  data: unknown;
}

/** The `eventsource` package as browsers would use it, with the bearer header passed through `fetch`. */
export class EventSourceClient {
  readonly received: ReceivedEvent[] = [];
  readonly source: EventSource;
  errors = 0;
  opens = 0;

  constructor(url: string, types: string[], headers: Record<string, string> = {}) {
    this.source = new EventSource(url, {
      fetch: (input, init) =>
        fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), ...headers } }),
    });
    this.source.addEventListener('open', () => this.opens++);
    this.source.addEventListener('error', () => this.errors++);
    for (const type of types) {
      this.source.addEventListener(type, (event) =>
        this.received.push({ id: event.lastEventId, type, data: JSON.parse(event.data) }),
      );
    }
  }

  ids(): string[] {
    return this.received.map((event) => event.id);
  }

  waitForEvents(count: number, timeoutMs = 5000): Promise<void> {
    return waitUntil(
      () => this.received.length >= count,
      timeoutMs,
      `${count} events (have ${this.received.length})`,
    );
  }

  close(): void {
    this.source.close();
  }
}

/**
 * Opens a stream with node:http, waits for its first bytes and drops the connection: one cheap
 * connect/disconnect cycle. Resolves with the status.
 */
export function openAndDrop(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers, agent: false }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        resolve(response.statusCode ?? 0);
        return;
      }
      response.once('data', () => {
        request.destroy();
        resolve(200);
      });
    });
    request.on('error', (error: NodeJS.ErrnoException) => (request.destroyed ? undefined : reject(error)));
  });
}
