import { useParams } from 'wouter-preact';
import { ApiError, get } from '../../api/client';
import type { Webhook } from '../../api/types';
import { ErrorMessage, Loading } from '../../components/alerts';
import { ActiveBadge } from '../../components/badges';
import { useLoad } from '../../hooks/use-load';
import { NotFound } from '../not-found';
import { Deliveries } from './deliveries';
import { RecoverForm } from './recover-form';
import { WebhookActions } from './webhook-actions';
import { WebhookSettings } from './webhook-settings';
import { WebhookStats } from './webhook-stats';

/** One webhook (/portal/webhooks/:id): actions, stats, settings, deliveries and recovery. */
export function WebhookPage() {
  const { id } = useParams<{ id: string }>();
  const webhook = useLoad(() => get<Webhook>(`/webhooks/${encodeURIComponent(id)}`), [id]);

  if (webhook.error instanceof ApiError && webhook.error.status === 404)
    return <NotFound what="This webhook" />;
  if (!webhook.data) return webhook.error ? <ErrorMessage error={webhook.error} /> : <Loading />;
  const hook = webhook.data;

  return (
    <>
      <div class="page-head">
        <div>
          <p class="eyebrow">Webhook</p>
          <h1>{hook.name ?? hook.url}</h1>
          <p class="mono url">{hook.url}</p>
          {hook.description && <p class="description muted">{hook.description}</p>}
        </div>
        <ActiveBadge active={hook.active} />
      </div>
      {hook.disabled_reason && (
        <p class="alert warning" role="status">
          Disabled: {hook.disabled_reason}
        </p>
      )}
      <WebhookActions webhook={hook} onChanged={() => void webhook.reload()} />
      <WebhookStats webhookId={hook.id} />
      <Deliveries webhookId={hook.id} />
      <RecoverForm webhookId={hook.id} />
      <WebhookSettings webhook={hook} onSaved={() => void webhook.reload()} />
    </>
  );
}
