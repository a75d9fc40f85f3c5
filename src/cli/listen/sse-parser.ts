/** One dispatched message of a text/event-stream. */
export interface SseMessage {
  /** The `id:` of this message, if it had one. */
  id?: string;
  /** The stream's last event id at dispatch (the `id:` of this message, or an earlier one). */
  lastEventId: string;
  type: string;
  data: string;
}

export interface SseCallbacks {
  onMessage(message: SseMessage): void;
  /** Every `id:` (also of a message without data, such as Herald's opening `id: pos_…` + `retry:`). */
  onId(id: string): void;
  onRetry(ms: number): void;
}

/**
 * The event-stream parser of the HTML standard (§9.2.6), fed with decoded text in chunks of any size.
 * Written here because eventsource-parser 3 drops the `id:` of a message without `data:`, which is where
 * Herald's stream says to resume from before the first event (its version 4 needs Node 22 and is ESM-only).
 */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private type = '';
  private lastEventId = '';
  private id?: string;

  constructor(private readonly callbacks: SseCallbacks) {}

  feed(text: string): void {
    this.buffer += text;
    // A line ends at CRLF, LF or CR; a CR at the very end may be the first half of a CRLF, so it waits.
    const pattern = /\r\n|\n|\r(?!$)/g;
    let start = 0;
    for (let match = pattern.exec(this.buffer); match; match = pattern.exec(this.buffer)) {
      this.line(this.buffer.slice(start, match.index));
      start = match.index + match[0].length;
    }
    this.buffer = this.buffer.slice(start);
  }

  private line(line: string): void {
    if (line === '') return this.dispatch();
    if (line.startsWith(':')) return; // a comment, e.g. `: keep-alive`
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.type = value;
    else if (field === 'id' && !value.includes('\0')) {
      this.lastEventId = value;
      this.id = value;
      this.callbacks.onId(value);
    } else if (field === 'retry' && /^\d+$/.test(value)) this.callbacks.onRetry(Number(value));
  }

  private dispatch(): void {
    const data = this.data;
    const type = this.type || 'message';
    const id = this.id;
    this.data = [];
    this.type = '';
    this.id = undefined;
    if (data.length === 0) return;
    this.callbacks.onMessage({
      ...(id !== undefined && { id }),
      lastEventId: this.lastEventId,
      type,
      data: data.join('\n'),
    });
  }
}
