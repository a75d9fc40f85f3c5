import { useEffect, useState } from 'preact/hooks';
import { openStream, type StreamEvent, type StreamState } from '../api/stream';
import { ErrorMessage } from '../components/alerts';
import { formatJson, matchesPattern } from '../format';
import { useCatalog } from '../hooks/use-catalog';

const KEEP = 200;

/** Live: the caller's events as they arrive on the stream, newest first, with a type filter. */
export function LivePage() {
  const catalog = useCatalog();
  const [events, setEvents] = useState<StreamEvent[]>([]);
  const [state, setState] = useState<StreamState>('connecting');
  const [filter, setFilter] = useState('');
  const types = catalog.data?.map((t) => t.type);
  const prefixes = [...new Set((types ?? []).map((t) => `${t.split('.')[0]}.*`))];

  useEffect(() => {
    if (!types) return;
    return openStream(types, (event) => setEvents((shown) => [event, ...shown].slice(0, KEEP)), setState);
  }, [types?.join(',')]);

  const shown = filter ? events.filter((e) => matchesPattern(e.type, filter)) : events;

  return (
    <>
      <div class="page-head">
        <h1>Live</h1>
        <span class={`live-dot ${state}`}>
          {state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Reconnecting…'}
        </span>
      </div>
      <p class="muted lead">Your events as Herald publishes them, newest first. Leave the page open.</p>
      <ErrorMessage error={catalog.error} />
      <div class="field inline">
        <label for="type-filter">Type</label>
        <select id="type-filter" value={filter} onChange={(e) => setFilter(e.currentTarget.value)}>
          <option value="">All types</option>
          {prefixes.map((p) => (
            <option value={p} key={p}>
              {p}
            </option>
          ))}
          {types?.map((t) => (
            <option value={t} key={t}>
              {t}
            </option>
          ))}
        </select>
      </div>
      {shown.length === 0 && (
        <p class="empty card muted" aria-live="polite">
          Waiting for events…
        </p>
      )}
      <ol class="event-feed" aria-label="Events" aria-live="polite">
        {shown.map((e) => (
          <li key={e.id || e.receivedAt.getTime()} class="card event">
            <div class="event-head">
              <span class="badge type mono">{e.type}</span>
              <span class="mono muted">{e.id}</span>
              <time class="muted" dateTime={e.receivedAt.toISOString()}>
                {e.receivedAt.toLocaleTimeString()}
              </time>
            </div>
            <pre class="code">{formatJson(e.data)}</pre>
          </li>
        ))}
      </ol>
    </>
  );
}
