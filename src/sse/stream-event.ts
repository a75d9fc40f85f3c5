import type { MessageEvent } from '@nestjs/common';
import { matchesAnyTypePattern } from '../catalog/type-pattern';
import type { EventViewer } from '../events/event-viewer';
import type { FeedEvent } from '../events/feed/event-feed';
import type { FeedPosition } from '../events/feed/feed-position';

/**
 * An event on its way to the streams of this instance. Made once per event and handed, the same
 * object, to every stream that may see it: `message` holds the data serialised once (Nest passes a
 * string `data` through as it is), so fan-out costs no JSON.stringify and no copy per stream.
 */
export interface StreamEvent extends FeedPosition {
  type: string;
  /** The owner; null for a platform-wide event. */
  userId: string | null;
  message: MessageEvent;
}

export function toStreamEvent(event: FeedEvent): StreamEvent {
  return {
    tx: event.tx,
    id: event.id,
    type: event.type,
    userId: event.userId,
    message: Object.freeze({ id: event.id, type: event.type, data: JSON.stringify(event.data ?? {}) }),
  };
}

/** docs/API.md §4 scope: platform-wide events reach everyone, owned ones their owner; admins see all. */
export const canSee = (viewer: EventViewer, event: Pick<StreamEvent, 'userId'>) =>
  viewer.isAdmin || event.userId === null || event.userId === viewer.userId;

export const matchesFilter = (patterns: readonly string[] | null, type: string) =>
  patterns === null || matchesAnyTypePattern(patterns, type);
