import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { EventEntity } from './entities/event.entity';
import type { EventViewer } from './event-viewer';
import type { FeedPosition } from './feed/feed-position';

const IDEMPOTENCY_WINDOW = '24 hours';

/**
 * The oldest transaction still running that may yet write events here, as of this statement's
 * snapshot: events of that transaction or any newer one are held back. Transactions PostgreSQL
 * reports in another database of the cluster cannot write our events and are skipped; one it no
 * longer reports (it ended after the snapshot was taken) still counts, as its events are not in this
 * snapshot. With nothing running, every visible event is final (up to the snapshot's xmax).
 */
const HORIZON = `
  SELECT COALESCE(
    (SELECT min(x) FROM pg_snapshot_xip(pg_current_snapshot()) AS x
      WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity a
                        WHERE a.backend_xid = xid(x) AND a.datname <> current_database())),
    pg_snapshot_xmax(pg_current_snapshot())) AS horizon`;

const FEED_COLUMNS = `e.id, e.type, e.user_id, e.channels, e.data, e.created_at, e.tx::text AS tx`;

/** An event as the feed reads it, with the transaction that wrote it (xid8 as a decimal string). */
export interface FeedRow {
  id: string;
  type: string;
  user_id: string | null;
  channels: string[] | null;
  data: Record<string, unknown>;
  created_at: Date;
  tx: string;
}

/** Which types a replay wants: exact types and `prefix.` prefixes (of `prefix.*` patterns). */
export interface TypeFilter {
  exact: string[];
  prefixes: string[];
}

/**
 * Every statement on the `events` table: the API's reads, publishing's writes (inside the publish
 * transaction), the commit-ordered feed the streams read, and retention.
 */
@Injectable()
export class EventsRepository {
  constructor(@InjectRepository(EventEntity) private readonly events: Repository<EventEntity>) {}

  // ---- publishing ---------------------------------------------------------------------------------

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.events.manager.transaction(work);
  }

  /**
   * Inserts events in ONE statement, in the caller's transaction. Plain SQL: this runs for every publish,
   * and the ORM's insert builder cost more than the statement. `channels` travels as JSON because unnest
   * cannot take a ragged array of arrays.
   */
  async insertMany(manager: EntityManager, events: readonly EventEntity[]): Promise<void> {
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

  /** Serialises publishes with one key from one publisher until the transaction ends. */
  async lockIdempotencyKey(manager: EntityManager, publisherId: string | null, key: string): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `${publisherId ?? ''}\n${key}`,
    ]);
  }

  /** The latest event with this key from this publisher within the idempotency window, if any. */
  findByIdempotencyKey(
    publisherId: string | null,
    key: string,
    manager: EntityManager = this.events.manager,
  ): Promise<EventEntity | null> {
    return manager
      .createQueryBuilder(EventEntity, 'e')
      .where('e.publisher_id IS NOT DISTINCT FROM :publisher', { publisher: publisherId })
      .andWhere('e.idempotency_key = :key', { key })
      .andWhere(`e.created_at > now() - interval '${IDEMPOTENCY_WINDOW}'`)
      .orderBy('e.id', 'DESC')
      .getOne();
  }

  // ---- the feed (see feed/event-feed.ts for the rule) ----------------------------------------------

  async currentHorizon(): Promise<string> {
    const [row] = (await this.events.query(
      `WITH h AS (${HORIZON}) SELECT horizon::text AS horizon FROM h`,
    )) as { horizon: string }[];
    return row.horizon;
  }

  /** Every final event after `after`, the horizon, and whether newer events wait for an older transaction. */
  async tailAfter(after: FeedPosition): Promise<{ rows: FeedRow[]; horizon: string; held: boolean }> {
    const rows = (await this.events.query(
      `WITH h AS (${HORIZON})
       SELECT h.horizon::text AS horizon,
              EXISTS (SELECT 1 FROM events w WHERE (w.tx, w.id) > ($1::xid8, $2) AND w.tx >= h.horizon) AS held,
              ${FEED_COLUMNS}
       FROM h LEFT JOIN events e ON (e.tx, e.id) > ($1::xid8, $2) AND e.tx < h.horizon
       ORDER BY e.tx, e.id`,
      [after.tx, after.id],
    )) as (FeedRow & { horizon: string; held: boolean })[];
    return { rows: rows[0].id === null ? [] : rows, horizon: rows[0].horizon, held: rows[0].held };
  }

  /** The transaction that wrote event `id`, or null when there is no such event. */
  async txOf(id: string): Promise<string | null> {
    const [row] = (await this.events.query(`SELECT tx::text AS tx FROM events WHERE id = $1`, [id])) as {
      tx: string;
    }[];
    return row?.tx ?? null;
  }

  /**
   * At most `limit` final events after `after`, in feed order: platform-wide and `userId`'s (every
   * event when `userId` is null), of the filtered types (every type when `types` is null).
   */
  async replayAfter(
    after: FeedPosition,
    userId: string | null,
    types: TypeFilter | null,
    limit: number,
  ): Promise<FeedRow[]> {
    const params: unknown[] = [after.tx, after.id, limit];
    const where = [`(e.tx, e.id) > ($1::xid8, $2)`, `e.tx < h.horizon`];
    if (userId !== null) {
      params.push(userId);
      where.push(`(e.user_id IS NULL OR e.user_id = $${params.length})`);
    }
    if (types) {
      params.push(
        types.exact,
        types.prefixes.map((p) => `${p.replace(/[\\%_]/g, '\\$&')}%`),
      );
      where.push(`(e.type = ANY($${params.length - 1}) OR e.type LIKE ANY($${params.length}))`);
    }
    return (await this.events.query(
      `WITH h AS (${HORIZON}) SELECT ${FEED_COLUMNS} FROM events e, h WHERE ${where.join(' AND ')}
       ORDER BY e.tx, e.id LIMIT $3`,
      params,
    )) as FeedRow[];
  }

  // ---- the API's reads ----------------------------------------------------------------------------

  /** Newest first, optionally of one type, and the total. */
  pageVisibleTo(
    viewer: EventViewer,
    type: string | undefined,
    offset: number,
    limit: number,
  ): Promise<[EventEntity[], number]> {
    const qb = this.visibleTo(viewer).orderBy('e.id', 'DESC').skip(offset).take(limit);
    if (type) qb.andWhere('e.type = :type', { type });
    return qb.getManyAndCount();
  }

  findVisibleTo(viewer: EventViewer, id: string): Promise<EventEntity | null> {
    return this.visibleTo(viewer).andWhere('e.id = :id', { id }).getOne();
  }

  /** The events a viewer may see: platform-wide and their own, or all of them for an admin. */
  visibleTo(viewer: EventViewer): SelectQueryBuilder<EventEntity> {
    const qb = this.events.createQueryBuilder('e');
    if (!viewer.isAdmin) qb.where('(e.user_id IS NULL OR e.user_id = :viewer)', { viewer: viewer.userId });
    return qb;
  }

  // ---- retention ----------------------------------------------------------------------------------

  /**
   * Deletes at most `batch` events created before `cutoff` (oldest first, skipping rows another
   * transaction holds) with their deliveries and attempts (foreign keys cascade); returns how many.
   */
  async deleteCreatedBefore(cutoff: Date, batch: number): Promise<number> {
    const result: [unknown[], number] = await this.events.query(
      `DELETE FROM events WHERE id IN (
         SELECT id FROM events WHERE created_at < $1 ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )`,
      [cutoff, batch],
    );
    return result[1];
  }
}
