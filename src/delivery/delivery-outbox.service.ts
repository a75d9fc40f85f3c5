import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { buildPayload, PayloadEvent } from './signing/payload';

/**
 * The transactional outbox: writes the delivery rows in the publisher's transaction, so an accepted
 * event always has its deliveries in PostgreSQL before anyone is told it was accepted.
 */
@Injectable()
export class DeliveryOutbox {
  /** Inserts one pending delivery per webhook in a single statement; ids come back in webhook order. */
  async record(
    manager: EntityManager,
    event: PayloadEvent,
    webhooks: ReadonlyArray<{ id: string }>,
  ): Promise<string[]> {
    if (webhooks.length === 0) return [];
    const ids: string[] = [];
    const params: unknown[] = [];
    const tuples: string[] = [];
    // The body differs between webhooks only by `webhook_id` (ASCII, never escaped): serialise `data` once.
    const sizeWithoutWebhookId = Buffer.byteLength(buildPayload(event, ''), 'utf8');
    for (const webhook of webhooks) {
      const id = newId('dlv');
      ids.push(id);
      const size = sizeWithoutWebhookId + webhook.id.length;
      const n = params.length;
      params.push(id, event.id, webhook.id, event.type, size);
      tuples.push(`($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, 'pending', 0, now(), $${n + 5})`);
    }
    await manager.query(
      `INSERT INTO deliveries (id, event_id, webhook_id, event_type, status, attempt_count, next_attempt_at, payload_size_bytes)
       VALUES ${tuples.join(', ')}`,
      params,
    );
    return ids;
  }
}
