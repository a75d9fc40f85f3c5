import { useRef, useState } from 'preact/hooks';
import { useLocation } from 'wouter-preact';
import { del, patch, post } from '../../api/client';
import type { TestResult, Webhook } from '../../api/types';
import { ErrorMessage } from '../../components/alerts';
import { SecretReveal } from '../../components/secret-reveal';
import { formatMs } from '../../format';

/** Send test, Rotate secret, Disable / Enable and Delete (after a confirmation). */
export function WebhookActions({ webhook, onChanged }: { webhook: Webhook; onChanged: () => void }) {
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [test, setTest] = useState<TestResult | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  const confirm = useRef<HTMLDialogElement>(null);
  const path = `/webhooks/${webhook.id}`;

  const run = async (name: string, action: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  const sendTest = () =>
    run('test', async () => {
      setTest(null);
      setTest(await post<TestResult>(`${path}/test`));
      onChanged();
    });
  const rotate = () =>
    run('rotate', async () => setSecret((await post<{ secret: string }>(`${path}/rotate-secret`)).secret));
  const toggle = () =>
    run('toggle', async () => {
      await patch(path, { active: !webhook.active });
      onChanged();
    });
  const remove = () =>
    run('delete', async () => {
      await del(path);
      confirm.current?.close();
      navigate('/webhooks');
    });

  return (
    <section aria-label="Actions" class="action-bar">
      <div class="actions">
        <button type="button" class="button primary" disabled={!!busy} onClick={() => void sendTest()}>
          {busy === 'test' ? 'Sending…' : 'Send test'}
        </button>
        <button type="button" class="button" disabled={!!busy} onClick={() => void rotate()}>
          Rotate secret
        </button>
        <button type="button" class="button" disabled={!!busy} onClick={() => void toggle()}>
          {webhook.active ? 'Disable' : 'Enable'}
        </button>
        <button
          type="button"
          class="button danger"
          disabled={!!busy}
          onClick={() => confirm.current?.showModal()}
        >
          Delete
        </button>
      </div>
      <ErrorMessage error={error} />
      {test && <TestOutcome result={test} />}
      {secret && <SecretReveal secret={secret} onDone={() => setSecret(null)} />}
      <dialog ref={confirm} class="card dialog" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete this webhook?</h2>
        <p>
          Herald stops sending to <span class="mono">{webhook.url}</span> and cancels its pending deliveries.
          This cannot be undone.
        </p>
        <div class="actions">
          <button type="button" class="button danger" disabled={!!busy} onClick={() => void remove()}>
            Delete webhook
          </button>
          <button type="button" class="button ghost" onClick={() => confirm.current?.close()}>
            Cancel
          </button>
        </div>
      </dialog>
    </section>
  );
}

function TestOutcome({ result }: { result: TestResult }) {
  return (
    <section
      class={`card outcome ${result.delivered ? 'ok' : 'bad'}`}
      role="status"
      aria-label="Test outcome"
    >
      <h2>{result.delivered ? 'Test delivered' : 'Test not delivered'}</h2>
      <dl class="facts">
        <div>
          <dt>Status code</dt>
          <dd>{result.status_code ?? '—'}</dd>
        </div>
        <div>
          <dt>Response time</dt>
          <dd>{formatMs(result.response_time_ms)}</dd>
        </div>
      </dl>
      {result.error && <p class="alert error">{result.error}</p>}
      {result.response_body && (
        <>
          <h3>Response body</h3>
          <pre class="code">{result.response_body}</pre>
        </>
      )}
    </section>
  );
}
