import { useState } from 'preact/hooks';
import { Link, useParams } from 'wouter-preact';
import { ApiError, get, post } from '../api/client';
import type { DeliveryDetail, HeraldEvent } from '../api/types';
import { ErrorMessage, Loading, Notice } from '../components/alerts';
import { StatusBadge } from '../components/badges';
import { formatJson, formatMs, formatTime } from '../format';
import { useInterval, useLoad } from '../hooks/use-load';
import { NotFound } from './not-found';

/** The delivery body (docs/API.md §6), in its key order, rebuilt from the stored event. */
const payloadOf = (event: HeraldEvent, webhookId: string) => ({
  id: event.id,
  event: event.type,
  timestamp: event.created_at,
  webhook_id: webhookId,
  data: event.data,
});

/** One delivery: every attempt, the payload, and Redeliver. */
export function DeliveryPage() {
  const { id, deliveryId } = useParams<{ id: string; deliveryId: string }>();
  const path = `/webhooks/${encodeURIComponent(id)}/deliveries/${encodeURIComponent(deliveryId)}`;
  const delivery = useLoad(() => get<DeliveryDetail>(path), [path]);
  const eventId = delivery.data?.event_id;
  const event = useLoad(
    () => (eventId ? get<HeraldEvent>(`/events/${eventId}`) : Promise.resolve(undefined)),
    [eventId],
  );
  const [queued, setQueued] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  useInterval(() => void delivery.reload(), 3000);

  if (delivery.error instanceof ApiError && delivery.error.status === 404)
    return <NotFound what="This delivery" />;
  if (!delivery.data) return delivery.error ? <ErrorMessage error={delivery.error} /> : <Loading />;
  const d = delivery.data;

  const redeliver = async () => {
    setError(null);
    setQueued(null);
    try {
      setQueued((await post<{ attempt: number }>(`${path}/redeliver`)).attempt);
      await delivery.reload();
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <>
      <p class="crumbs">
        <Link href={`/webhooks/${id}`}>← Back to the webhook</Link>
      </p>
      <div class="page-head">
        <div>
          <p class="eyebrow">Delivery</p>
          <h1 class="mono">{d.event}</h1>
          <p class="muted mono">{d.id}</p>
        </div>
        <StatusBadge status={d.status} />
      </div>
      <section class="card">
        <dl class="facts">
          <div>
            <dt>Event</dt>
            <dd class="mono">{d.event_id}</dd>
          </div>
          <div>
            <dt>Triggered</dt>
            <dd>{formatTime(d.triggered_at)}</dd>
          </div>
          <div>
            <dt>Completed</dt>
            <dd>{formatTime(d.completed_at)}</dd>
          </div>
          <div>
            <dt>Attempts</dt>
            <dd>{d.attempt_count}</dd>
          </div>
        </dl>
        <div class="actions">
          <button type="button" class="button primary" onClick={() => void redeliver()}>
            Redeliver
          </button>
        </div>
        <ErrorMessage error={error} />
        {queued !== null && <Notice>Redelivery queued as attempt {queued}.</Notice>}
      </section>
      <section aria-labelledby="attempts-heading">
        <h2 id="attempts-heading">Attempts</h2>
        {d.attempts.length === 0 && <p class="muted">No attempt yet.</p>}
        <ol class="attempts">
          {[...d.attempts].reverse().map((a) => (
            <li key={a.attempt} class="card attempt">
              <h3>Attempt {a.attempt}</h3>
              <dl class="facts">
                <div>
                  <dt>Status code</dt>
                  <dd>{a.status_code ?? '—'}</dd>
                </div>
                <div>
                  <dt>Response time</dt>
                  <dd>{formatMs(a.response_time_ms)}</dd>
                </div>
                <div>
                  <dt>At</dt>
                  <dd>{formatTime(a.created_at)}</dd>
                </div>
              </dl>
              {a.error && <p class="alert error">Error: {a.error}</p>}
              <details open>
                <summary>Response body</summary>
                <pre class="code">{a.response_body || '(empty)'}</pre>
              </details>
              <details open>
                <summary>Request headers</summary>
                <pre class="code">
                  {Object.entries(a.request_headers)
                    .map(([name, value]) => `${name}: ${value}`)
                    .join('\n')}
                </pre>
              </details>
            </li>
          ))}
        </ol>
      </section>
      <section class="card" aria-labelledby="payload-heading">
        <h2 id="payload-heading">Payload</h2>
        <p class="muted">
          The body sent on every attempt, the same bytes each time (it is what the signatures cover).
        </p>
        <ErrorMessage error={event.error} />
        {event.data && <pre class="code">{formatJson(payloadOf(event.data, id))}</pre>}
      </section>
    </>
  );
}
