import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { PublishedEvent } from '../../bus/published-event';
import type { EventViewer } from '../event-viewer';
import { FeedPosition } from './feed-position';

/** An event as the feed hands it out: the bus's shape of a committed event, and where it sits. */
export interface FeedEvent extends Omit<PublishedEvent, 'deliveryIds'> {
  /** The transaction that wrote it (xid8 as a decimal string). */
  tx: string;
}

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

const COLUMNS = `e.id, e.type, e.user_id, e.channels, e.data, e.created_at, e.tx::text AS tx`;

interface Row {
  id: string;
  type: string;
  user_id: string | null;
  channels: string[] | null;
  data: Record<string, unknown>;
  created_at: Date;
  tx: string;
}

const toFeedEvent = (row: Row): FeedEvent => ({
  id: row.id,
  type: row.type,
  userId: row.user_id,
  channels: row.channels,
  data: row.data,
  createdAt: row.created_at,
  tx: row.tx,
});

/**
 * Events in commit order, for the live tail and the resume of streams: every read returns, in (tx, id)
 * order, the events after a position whose transactions are older than the horizon, so a reader
 * that moves its position to the horizon after each read never skips an event that commits later.
 */
@Injectable()
export class EventFeed {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The first position a reader starting now should read from: everything older is history. */
  async currentHorizon(): Promise<string> {
    const [row] = (await this.db.query(`WITH h AS (${HORIZON}) SELECT horizon::text AS horizon FROM h`)) as {
      horizon: string;
    }[];
    return row.horizon;
  }

  /**
   * Every final event after `after` (all viewers, all types), the horizon it was read at, and whether
   * newer events wait for an older transaction (then read again soon: no publish may announce its end).
   */
  async tail(after: FeedPosition): Promise<{ events: FeedEvent[]; horizon: string; held: boolean }> {
    const rows = (await this.db.query(
      `WITH h AS (${HORIZON})
       SELECT h.horizon::text AS horizon,
              EXISTS (SELECT 1 FROM events w WHERE (w.tx, w.id) > ($1::xid8, $2) AND w.tx >= h.horizon) AS held,
              ${COLUMNS}
       FROM h LEFT JOIN events e ON (e.tx, e.id) > ($1::xid8, $2) AND e.tx < h.horizon
       ORDER BY e.tx, e.id`,
      [after.tx, after.id],
    )) as (Row & { horizon: string; held: boolean })[];
    const events = rows[0].id === null ? [] : rows.map(toFeedEvent);
    return { events, horizon: rows[0].horizon, held: rows[0].held };
  }

  /** Where event `id` sits; null when there is no such event (never was, or removed by retention). */
  async positionOf(id: string): Promise<FeedPosition | null> {
    const [row] = (await this.db.query(`SELECT tx::text AS tx FROM events WHERE id = $1`, [id])) as {
      tx: string;
    }[];
    return row ? { tx: row.tx, id } : null;
  }

  /**
   * The final events after `after` that `viewer` may see, matching `typePatterns` (null: every type),
   * in feed order, at most `limit` + 1 so that the caller can tell "more than the limit".
   */
  async replay(
    after: FeedPosition,
    viewer: EventViewer,
    typePatterns: string[] | null,
    limit: number,
  ): Promise<FeedEvent[]> {
    const params: unknown[] = [after.tx, after.id, limit + 1];
    const where = [`(e.tx, e.id) > ($1::xid8, $2)`, `e.tx < h.horizon`];
    if (!viewer.isAdmin) {
      params.push(viewer.userId);
      where.push(`(e.user_id IS NULL OR e.user_id = $${params.length})`);
    }
    if (typePatterns) {
      const exact = typePatterns.filter((p) => !p.endsWith('.*'));
      const prefixes = typePatterns
        .filter((p) => p.endsWith('.*'))
        .map((p) => `${p.slice(0, -1).replace(/[\\%_]/g, '\\$&')}%`);
      params.push(exact, prefixes);
      where.push(`(e.type = ANY($${params.length - 1}) OR e.type LIKE ANY($${params.length}))`);
    }
    const rows = (await this.db.query(
      `WITH h AS (${HORIZON}) SELECT ${COLUMNS} FROM events e, h WHERE ${where.join(' AND ')}
       ORDER BY e.tx, e.id LIMIT $3`,
      params,
    )) as Row[];
    return rows.map(toFeedEvent);
  }
}
