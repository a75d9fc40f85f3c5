import { useState } from 'preact/hooks';
import { Link } from 'wouter-preact';
import { get, post } from '../api/client';
import type { Page, Webhook } from '../api/types';
import { ErrorMessage, Loading } from '../components/alerts';
import { ActiveBadge } from '../components/badges';
import { SecretReveal } from '../components/secret-reveal';
import { emptyDraft, inputOf, WebhookFields } from '../components/webhook-fields';
import { formatRate, formatTime } from '../format';
import { useInterval, useLoad } from '../hooks/use-load';

/** Webhooks: the caller's webhooks, and Add webhook. */
export function WebhooksPage() {
  const webhooks = useLoad(() => get<Page<Webhook>>('/webhooks?limit=100'), []);
  // State and success rate change as deliveries happen (and Herald may disable a failing webhook).
  useInterval(() => void webhooks.reload(), 10_000);
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<Webhook | null>(null);

  return (
    <>
      <div class="page-head">
        <h1>Webhooks</h1>
        {!adding && (
          <button type="button" class="button primary" onClick={() => setAdding(true)}>
            Add webhook
          </button>
        )}
      </div>
      {created && <SecretReveal secret={created.secret} onDone={() => setCreated(null)} />}
      {adding && (
        <AddWebhookForm
          onCancel={() => setAdding(false)}
          onCreated={(webhook) => {
            setAdding(false);
            setCreated(webhook);
            void webhooks.reload();
          }}
        />
      )}
      <ErrorMessage error={webhooks.error} />
      {webhooks.loading && <Loading />}
      {webhooks.data && webhooks.data.data.length === 0 && !adding && (
        <section class="empty card">
          <h2>No webhooks yet</h2>
          <p class="muted">Add one to have Herald send your events to a URL of yours, signed and retried.</p>
        </section>
      )}
      {webhooks.data && webhooks.data.data.length > 0 && (
        <ul class="webhook-list" aria-label="Your webhooks">
          {webhooks.data.data.map((webhook) => (
            <li key={webhook.id} class="card webhook-item">
              <div class="webhook-main">
                <Link href={`/webhooks/${webhook.id}`} class="webhook-name">
                  {webhook.name ?? webhook.url}
                </Link>
                <Link href={`/webhooks/${webhook.id}`} class="mono url">
                  {webhook.url}
                </Link>
                <p class="events">{webhook.events.join(', ')}</p>
              </div>
              <dl class="webhook-facts">
                <div>
                  <dt>State</dt>
                  <dd>
                    <ActiveBadge active={webhook.active} />
                  </dd>
                </div>
                <div>
                  <dt>Success rate</dt>
                  <dd>{formatRate(webhook.success_rate)}</dd>
                </div>
                <div>
                  <dt>Last delivery</dt>
                  <dd>{formatTime(webhook.last_triggered_at)}</dd>
                </div>
              </dl>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function AddWebhookForm({
  onCancel,
  onCreated,
}: {
  onCancel: () => void;
  onCreated: (webhook: Webhook) => void;
}) {
  const [draft, setDraft] = useState(emptyDraft);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onCreated(await post<Webhook>('/webhooks', inputOf(draft)));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" aria-labelledby="add-heading" onSubmit={(e) => void submit(e)}>
      <h2 id="add-heading">Add webhook</h2>
      <WebhookFields draft={draft} onChange={setDraft} idPrefix="new" />
      <ErrorMessage error={error} />
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          Create
        </button>
        <button type="button" class="button ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
