import { Injectable } from '@nestjs/common';
import type { PublishedEvent } from '../../bus/published-event';
import type { EventViewer } from '../event-viewer';
import { EventsRepository, FeedRow } from '../events.repository';
import { FeedPosition } from './feed-position';

/** An event as the feed hands it out: the bus's shape of a committed event, and where it sits. */
export interface FeedEvent extends Omit<PublishedEvent, 'deliveryIds'> {
  /** The transaction that wrote it (xid8 as a decimal string). */
  tx: string;
}

const toFeedEvent = (row: FeedRow): FeedEvent => ({
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
  constructor(private readonly events: EventsRepository) {}

  /** The first position a reader starting now should read from: everything older is history. */
  currentHorizon(): Promise<string> {
    return this.events.currentHorizon();
  }

  /**
   * Every final event after `after` (all viewers, all types), the horizon it was read at, and whether
   * newer events wait for an older transaction (then read again soon: no publish may announce its end).
   */
  async tail(after: FeedPosition): Promise<{ events: FeedEvent[]; horizon: string; held: boolean }> {
    const { rows, horizon, held } = await this.events.tailAfter(after);
    return { events: rows.map(toFeedEvent), horizon, held };
  }

  /** Where event `id` sits; null when there is no such event (never was, or removed by retention). */
  async positionOf(id: string): Promise<FeedPosition | null> {
    const tx = await this.events.txOf(id);
    return tx === null ? null : { tx, id };
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
    const types = typePatterns && {
      exact: typePatterns.filter((p) => !p.endsWith('.*')),
      prefixes: typePatterns.filter((p) => p.endsWith('.*')).map((p) => p.slice(0, -1)),
    };
    const rows = await this.events.replayAfter(
      after,
      viewer.isAdmin ? null : viewer.userId,
      types,
      limit + 1,
    );
    return rows.map(toFeedEvent);
  }
}
