import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { subscriberPatterns } from '../../catalog/type-pattern';

export interface SubscriberQuery {
  type: string;
  userId: string | null;
  channels: string[] | null;
}

/**
 * Active webhooks that should get an event: a pattern matches the type (one array overlap, answered by
 * the GIN index on `events`), the event is in scope (platform-wide, or the webhook's owner), and the
 * channels intersect when the webhook has any. Many events are matched in ONE statement (a publish batch).
 * Patterns travel space-separated (a type has no spaces) so that the overlap stays an index condition.
 */
const SUBSCRIBERS_SQL = `
  SELECT e.i, w.id
  FROM unnest($1::int[], $2::text[], $3::text[], $4::jsonb[]) AS e(i, user_id, patterns, channels)
  CROSS JOIN LATERAL (
    SELECT w.id FROM webhooks w
    WHERE w.active AND w.events && string_to_array(e.patterns, ' ')
      AND (e.user_id IS NULL OR w.user_id = e.user_id)
      AND (w.channels IS NULL OR cardinality(w.channels) = 0
           OR (e.channels IS NOT NULL
               AND w.channels && ARRAY(SELECT jsonb_array_elements_text(e.channels))))
  ) w
  ORDER BY e.i, w.id`;

@Injectable()
export class WebhookSubscribers {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The subscribers' ids of each event, in input order; inside the caller's transaction when given. */
  async findMany(events: readonly SubscriberQuery[], manager?: EntityManager): Promise<string[][]> {
    const found: string[][] = events.map(() => []);
    if (events.length === 0) return found;
    const rows: { i: number; id: string }[] = await (manager ?? this.db.manager).query(SUBSCRIBERS_SQL, [
      events.map((_, i) => i),
      events.map((e) => e.userId),
      events.map((e) => subscriberPatterns(e.type).join(' ')),
      events.map((e) => (e.channels?.length ? JSON.stringify(e.channels) : null)),
    ]);
    for (const row of rows) found[row.i].push(row.id);
    return found;
  }

  async find(event: SubscriberQuery, manager?: EntityManager): Promise<string[]> {
    return (await this.findMany([event], manager))[0];
  }
}
