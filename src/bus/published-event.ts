/**
 * What the in-process event bus carries once an event is committed to PostgreSQL (never before).
 * Delivery enqueues `deliveryIds`, the SSE bridge forwards it to every instance, and any module's
 * `@OnHeraldEvent` handler receives it.
 */
export interface PublishedEvent {
  id: string;
  type: string;
  /** The owner (a Herald user id); null for a platform-wide event. */
  userId: string | null;
  channels: string[] | null;
  data: Record<string, unknown>;
  createdAt: Date;
  /** The delivery rows written with the event, one per matching webhook. */
  deliveryIds: string[];
}

/** The bus form of a stored event (`deliveryIds` empty when it is read back, e.g. for an SSE replay). */
export function toPublishedEvent(
  event: Pick<PublishedEvent, 'id' | 'type' | 'userId' | 'channels' | 'data' | 'createdAt'>,
  deliveryIds: string[] = [],
): PublishedEvent {
  return {
    id: event.id,
    type: event.type,
    userId: event.userId,
    channels: event.channels,
    data: event.data,
    createdAt: event.createdAt,
    deliveryIds,
  };
}
