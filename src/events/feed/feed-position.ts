/**
 * Where an event sits in the commit-ordered feed: the id of the transaction that wrote it (PostgreSQL's
 * xid8, as a decimal string), then its own id. Transactions are numbered when they first write, so two
 * publishes may commit in the other order; the feed only hands out an event once every older
 * transaction has ended, so that (tx, id) order is also the order in which events become final.
 */
export interface FeedPosition {
  tx: string;
  id: string;
}

/** Before every event of transaction `tx` (and after every older one): a position between transactions. */
export const startOfTransaction = (tx: string): FeedPosition => ({ tx, id: '' });

export function comparePositions(a: FeedPosition, b: FeedPosition): number {
  if (a.tx !== b.tx) {
    // Same-length decimal strings compare like the numbers; a shorter one is smaller.
    if (a.tx.length !== b.tx.length) return a.tx.length - b.tx.length;
    return a.tx < b.tx ? -1 : 1;
  }
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

/**
 * A position that is not an event, as it travels in an SSE `id:` field: `pos_<tx>` means "after every
 * transaction older than tx". Streams send it when they have no event id to give (a fresh stream, a
 * reset), so that a reconnect resumes exactly where the stream went live.
 */
const POSITION_TOKEN = /^pos_(\d{1,20})$/;

/** The token of the boundary before transaction `tx`. */
export const positionToken = (tx: string): string => `pos_${tx}`;

export function parsePositionToken(value: string): FeedPosition | null {
  const match = POSITION_TOKEN.exec(value);
  return match ? startOfTransaction(match[1].replace(/^0+(?=\d)/, '')) : null;
}
