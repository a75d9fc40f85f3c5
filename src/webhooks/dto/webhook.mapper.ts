import { successRate } from '../../common/success-rate';
import type { WebhookEntity } from '../entities/webhook.entity';
import { circuitView } from '../targets/circuit';
import { maskSecret } from '../validation/webhook-secret';
import type { WebhookDto } from './webhook.dto';

/**
 * The only way a webhook leaves the service layer. `secret` is the decrypted secret: shown whole only
 * when `revealSecret` (create), masked otherwise.
 */
export function mapWebhook(row: WebhookEntity, secret: string, revealSecret = false): WebhookDto {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    url: row.url,
    events: row.events,
    channels: row.channels,
    headers: row.headers ?? {},
    active: row.active,
    rate_limit_per_second: row.rateLimitPerSecond,
    secret: revealSecret ? secret : maskSecret(secret),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
    last_triggered_at: row.lastTriggeredAt?.toISOString() ?? null,
    success_rate: successRate(row.successCount, row.failureCount),
    consecutive_failures: row.consecutiveFailures,
    disabled_reason: row.disabledReason,
    circuit: {
      state: circuitView({
        failures: row.circuitFailures,
        opens: row.circuitOpens,
        openUntil: row.circuitOpenUntil,
      }),
      transport_failures: row.circuitFailures,
      open_until: row.circuitOpenUntil?.toISOString() ?? null,
    },
  };
}
