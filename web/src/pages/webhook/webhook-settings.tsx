import { useEffect, useState } from 'preact/hooks';
import { patch } from '../../api/client';
import type { Webhook } from '../../api/types';
import { ErrorMessage, Notice } from '../../components/alerts';
import { draftOf, inputOf, WebhookFields } from '../../components/webhook-fields';

/** The webhook's settings, editable; Save sends them all (PATCH), cleared fields as null. */
export function WebhookSettings({ webhook, onSaved }: { webhook: Webhook; onSaved: () => void }) {
  const [draft, setDraft] = useState(() => draftOf(webhook));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  useEffect(() => setDraft(draftOf(webhook)), [webhook.id]);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await patch(`/webhooks/${webhook.id}`, inputOf(draft));
      setSaved(true);
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="card" aria-labelledby="settings-heading" onSubmit={(e) => void submit(e)}>
      <h2 id="settings-heading">Settings</h2>
      <WebhookFields draft={draft} onChange={setDraft} idPrefix="edit" />
      <ErrorMessage error={error} />
      {saved && <Notice>Saved.</Notice>}
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          Save
        </button>
      </div>
    </form>
  );
}
