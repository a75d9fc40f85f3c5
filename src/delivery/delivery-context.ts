import type { DeliveryStatus } from './entities/delivery.entity';

/** What one attempt needs from PostgreSQL besides the webhook; read for a batch of deliveries at once. */
export interface DeliveryContext {
  id: string;
  webhookId: string;
  status: DeliveryStatus;
  attemptCount: number;
  retryCycleStart: number;
  event: { id: string; type: string; data: Record<string, unknown>; createdAt: Date };
}

export const DELIVERY_CONTEXT_SQL = `
  SELECT d.id, d.webhook_id, d.status, d.attempt_count, d.retry_cycle_start,
         e.id AS event_id, e.type AS event_type, e.data AS event_data, e.created_at AS event_created_at
  FROM deliveries d JOIN events e ON e.id = d.event_id
  WHERE d.id = ANY($1)`;

export function toDeliveryContext(row: Record<string, any>): DeliveryContext {
  return {
    id: row.id,
    webhookId: row.webhook_id,
    status: row.status,
    attemptCount: row.attempt_count,
    retryCycleStart: row.retry_cycle_start,
    event: { id: row.event_id, type: row.event_type, data: row.event_data, createdAt: row.event_created_at },
  };
}
