import { useEffect, useRef, useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { get } from '../../api/client';
import { openStream, type StreamState } from '../../api/stream';
import type { Delivery, DeliveryStatus, Page } from '../../api/types';
import { ErrorMessage } from '../../components/alerts';
import { StatusBadge } from '../../components/badges';
import { formatTime } from '../../format';
import { useCatalog } from '../../hooks/use-catalog';
import { useInterval, useLoad } from '../../hooks/use-load';

const LIMIT = 20;
const STATUSES: DeliveryStatus[] = ['success', 'failed', 'pending'];

/**
 * The delivery log, newest first. New deliveries appear without a reload: every event on the caller's
 * stream (a new delivery has one) refreshes the list at once, and a poll catches status changes of
 * retries, which come with no event.
 */
export function Deliveries({ webhookId }: { webhookId: string }) {
  const [status, setStatus] = useState<DeliveryStatus | ''>('');
  const [page, setPage] = useState(1);
  const query = new URLSearchParams({ page: String(page), limit: String(LIMIT) });
  if (status) query.set('status', status);
  const deliveries = useLoad(
    () => get<Page<Delivery>>(`/webhooks/${webhookId}/deliveries?${query}`),
    [webhookId, status, page],
  );
  const live = useLiveRefresh(() => void deliveries.reload());
  useInterval(() => void deliveries.reload(), 4000);
  const total = deliveries.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / LIMIT));

  return (
    <section class="card" aria-labelledby="deliveries-heading">
      <div class="section-head">
        <h2 id="deliveries-heading">Deliveries</h2>
        <span class={`live-dot ${live}`} title={`Stream: ${live}`}>
          {live === 'live' ? 'Live' : 'Connecting…'}
        </span>
        <div class="field inline">
          <label for="status-filter">Status</label>
          <select
            id="status-filter"
            value={status}
            onChange={(e) => {
              setPage(1);
              setStatus(e.currentTarget.value as DeliveryStatus | '');
            }}
          >
            <option value="">All</option>
            {STATUSES.map((s) => (
              <option value={s} key={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorMessage error={deliveries.error} />
      {deliveries.data && deliveries.data.data.length === 0 && (
        <p class="muted">
          {status
            ? `No ${status} deliveries.`
            : 'No deliveries yet: send a test, or publish an event it subscribes to.'}
        </p>
      )}
      {deliveries.data && deliveries.data.data.length > 0 && (
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Status</th>
                <th scope="col">Code</th>
                <th scope="col">Attempts</th>
                <th scope="col">Time</th>
              </tr>
            </thead>
            <tbody>
              {deliveries.data.data.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link href={`/webhooks/${webhookId}/deliveries/${d.id}`} class="mono">
                      {d.event}
                    </Link>
                  </td>
                  <td>
                    <StatusBadge status={d.status} />
                  </td>
                  <td>{d.status_code ?? '—'}</td>
                  <td>{d.attempts}</td>
                  <td>
                    <time dateTime={d.triggered_at}>{formatTime(d.triggered_at)}</time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label="Delivery pages">
          <button type="button" class="button ghost" disabled={page <= 1} onClick={() => setPage(page - 1)}>
            Newer
          </button>
          <span class="muted">
            Page {page} of {pages}
          </span>
          <button
            type="button"
            class="button ghost"
            disabled={page >= pages}
            onClick={() => setPage(page + 1)}
          >
            Older
          </button>
        </nav>
      )}
    </section>
  );
}

/** Calls `refresh` shortly after each event on the caller's stream; returns the stream's state. */
function useLiveRefresh(refresh: () => void): StreamState {
  const catalog = useCatalog();
  const [state, setState] = useState<StreamState>('connecting');
  const saved = useRef(refresh);
  saved.current = refresh;
  const types = catalog.data?.map((t) => t.type);
  useEffect(() => {
    if (!types) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // The delivery row is written with the event; a short pause lets a burst of events refresh once.
    const close = openStream(
      types,
      () => {
        clearTimeout(timer);
        timer = setTimeout(() => saved.current(), 250);
      },
      setState,
    );
    return () => {
      clearTimeout(timer);
      close();
    };
  }, [types?.join(',')]);
  return state;
}
