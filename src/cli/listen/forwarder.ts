import { decodeTime } from 'ulid';
import { deliveryHeaders } from '../../delivery/signing/delivery-headers';
import { buildPayload } from '../../delivery/signing/payload';
import { newId } from '../../common/ids';

/** An event to forward: what the stream said, plus its creation time. */
export interface ForwardedEvent {
  id: string;
  type: string;
  data: Record<string, unknown>;
  createdAt: Date;
}

export interface ForwardOutcome {
  /** The receiver's status code, or undefined when no answer came. */
  status?: number;
  /** Why there was no answer (ECONNREFUSED, timed out…). */
  error?: string;
  ms: number;
}

const FORWARD_TIMEOUT_MS = 30_000;

/**
 * Posts one event to the local receiver the way a Herald webhook delivery is sent (docs/API.md §6): the same
 * body, built and signed by the same functions the delivery worker uses, with `secret`. `webhookId` stands
 * for the webhook this listen session plays.
 */
export async function forwardEvent(
  target: string,
  event: ForwardedEvent,
  options: { secret: string; webhookId: string; userAgent: string },
): Promise<ForwardOutcome> {
  const body = buildPayload(event, options.webhookId);
  const headers = deliveryHeaders({
    eventId: event.id,
    eventType: event.type,
    deliveryId: newId('dlv'),
    body,
    secrets: [options.secret],
    timestamp: Math.floor(Date.now() / 1000),
    userAgent: options.userAgent,
    customHeaders: {},
  });
  const started = performance.now();
  try {
    const response = await fetch(target, {
      method: 'POST',
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
    });
    // Read (and drop) the answer so the connection can be reused; the time includes it, as Herald's does.
    await response.arrayBuffer().catch(() => undefined);
    return { status: response.status, ms: Math.round(performance.now() - started) };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause;
    const reason =
      (error as Error).name === 'TimeoutError' ? 'timed out' : (cause?.code ?? (error as Error).message);
    return { error: reason, ms: Math.round(performance.now() - started) };
  }
}

/** The time of an event from Herald's API, or from its id (a ULID) when the API cannot say. */
export async function eventTime(baseUrl: string, apiKey: string, id: string): Promise<Date> {
  try {
    const response = await fetch(new URL(`/api/events/${encodeURIComponent(id)}`, baseUrl), {
      headers: { authorization: `Bearer ${apiKey}` },
      signal: AbortSignal.timeout(5_000),
    });
    if (response.ok) {
      const event = (await response.json()) as { created_at?: string };
      if (event.created_at) return new Date(event.created_at);
    }
  } catch {
    // Fall through to the id's own time.
  }
  return new Date(decodeTime(id.replace(/^evt_/, '')));
}
