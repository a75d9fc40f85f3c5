import { EntityManager } from 'typeorm';
import type { EventEntity } from '../entities/event.entity';

/**
 * Inserts events in ONE statement, in the caller's transaction. Plain SQL: this runs for every publish,
 * and the ORM's insert builder cost more than the statement. `channels` travels as JSON because unnest
 * cannot take a ragged array of arrays.
 */
export async function insertEvents(manager: EntityManager, events: readonly EventEntity[]): Promise<void> {
  if (events.length === 0) return;
  await manager.query(
    `INSERT INTO events (id, type, user_id, channels, data, publisher_id, idempotency_key, fanout_count, created_at)
     SELECT id, type, user_id,
            CASE WHEN channels IS NULL THEN NULL ELSE ARRAY(SELECT jsonb_array_elements_text(channels)) END,
            data, publisher_id, idempotency_key, fanout_count, created_at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::jsonb[], $6::text[], $7::text[], $8::int[],
                 $9::timestamptz[])
       AS t(id, type, user_id, channels, data, publisher_id, idempotency_key, fanout_count, created_at)`,
    [
      events.map((e) => e.id),
      events.map((e) => e.type),
      events.map((e) => e.userId),
      events.map((e) => (e.channels ? JSON.stringify(e.channels) : null)),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => e.publisherId),
      events.map((e) => e.idempotencyKey),
      events.map((e) => e.fanoutCount),
      events.map((e) => e.createdAt),
    ],
  );
}
