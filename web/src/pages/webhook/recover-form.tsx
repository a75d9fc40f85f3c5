import { useState } from 'preact/hooks';
import { post } from '../../api/client';
import { ErrorMessage, Notice } from '../../components/alerts';

/** The local time an hour ago, as a datetime-local input wants it (no zone). */
function anHourAgo(): string {
  const date = new Date(Date.now() - 3600_000);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

/** Recover: every failed delivery since a chosen time is sent again. */
export function RecoverForm({ webhookId }: { webhookId: string }) {
  const [since, setSince] = useState(anHourAgo);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<number | null>(null);

  const submit = async (event: Event) => {
    event.preventDefault();
    setError(null);
    setResult(null);
    try {
      const at = new Date(since);
      if (Number.isNaN(at.getTime())) throw new Error('Choose the time to recover from');
      setResult(
        (await post<{ redelivered: number }>(`/webhooks/${webhookId}/recover`, { since: at.toISOString() }))
          .redelivered,
      );
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <form class="card" aria-labelledby="recover-heading" onSubmit={(e) => void submit(e)}>
      <h2 id="recover-heading">Recover</h2>
      <p class="muted">Send every failed delivery again, from a time of your choosing (your local time).</p>
      <div class="inline-form">
        <div class="field">
          <label for="recover-since">Since</label>
          <input
            id="recover-since"
            type="datetime-local"
            required
            value={since}
            onInput={(e) => setSince(e.currentTarget.value)}
          />
        </div>
        <button type="submit" class="button">
          Recover
        </button>
      </div>
      <ErrorMessage error={error} />
      {result !== null && (
        <Notice>{result === 1 ? '1 failed delivery' : `${result} failed deliveries`} sent again.</Notice>
      )}
    </form>
  );
}
