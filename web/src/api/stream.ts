import { post } from './client';

export interface StreamEvent {
  id: string;
  type: string;
  data: unknown;
  receivedAt: Date;
}

export type StreamState = 'connecting' | 'live' | 'reconnecting';

interface Ticket {
  ticket: string;
}

const RETRY_MS = 3000;
// Sent when the history asked for cannot be replayed; not a catalog type.
const STREAM_RESET = 'stream.reset';

/**
 * Holds the caller's event stream (§7) the browser way: a single-use ticket, then EventSource. EventSource
 * only reports named events to listeners registered by name, hence `types` (the catalog's). When the
 * connection drops and the browser's own retry is refused (a ticket works once), a new ticket is taken and
 * the stream resumes after the last event seen, so nothing is missed.
 */
export function openStream(
  types: string[],
  onEvent: (event: StreamEvent) => void,
  onState: (state: StreamState) => void = () => undefined,
): () => void {
  let source: EventSource | null = null;
  let lastEventId: string | null = null;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const handle = (message: MessageEvent<string>) => {
    if (message.lastEventId) lastEventId = message.lastEventId;
    let data: unknown = message.data;
    try {
      data = JSON.parse(message.data);
    } catch {
      // not JSON: shown as the text it is
    }
    onEvent({ id: message.lastEventId, type: message.type, data, receivedAt: new Date() });
  };

  const connect = async () => {
    onState(lastEventId === null ? 'connecting' : 'reconnecting');
    let ticket: string;
    try {
      ticket = (await post<Ticket>('/events/stream/ticket')).ticket;
    } catch {
      if (!closed) retryTimer = setTimeout(() => void connect(), RETRY_MS);
      return;
    }
    if (closed) return;
    const query = new URLSearchParams({ ticket });
    if (lastEventId) query.set('last_event_id', lastEventId);
    const current = new EventSource(`/api/events/stream?${query}`);
    source = current;
    current.onopen = () => onState('live');
    current.onerror = () => {
      if (current.readyState !== EventSource.CLOSED) return onState('reconnecting');
      current.close();
      if (!closed) retryTimer = setTimeout(() => void connect(), RETRY_MS);
    };
    for (const type of new Set([...types, STREAM_RESET])) {
      current.addEventListener(type, handle as EventListener);
    }
  };

  void connect();
  return () => {
    closed = true;
    clearTimeout(retryTimer);
    source?.close();
  };
}
