import type { PublishedEvent } from '../bus/published-event';
import type { EventViewer } from '../events/events.service';
import { matchesAnyTypePattern } from '../catalog/type-pattern';

/** What a stream needs of an event; also the JSON carried between instances on the Redis channel. */
export interface StreamEvent {
  id: string;
  type: string;
  /** The owner; null for a platform-wide event. */
  userId: string | null;
  channels: string[] | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export function toStreamEvent(event: PublishedEvent): StreamEvent {
  return {
    id: event.id,
    type: event.type,
    userId: event.userId,
    channels: event.channels,
    data: event.data,
    createdAt: new Date(event.createdAt).toISOString(),
  };
}

/** Parses a message from the Redis channel; null for anything that is not a well-formed event. */
export function parseStreamEvent(message: string): StreamEvent | null {
  try {
    const value = JSON.parse(message) as Partial<StreamEvent>;
    if (typeof value?.id !== 'string' || typeof value.type !== 'string') return null;
    if (value.userId !== null && typeof value.userId !== 'string') return null;
    return {
      id: value.id,
      type: value.type,
      userId: value.userId,
      channels: value.channels ?? null,
      data: value.data ?? {},
      createdAt: value.createdAt ?? '',
    };
  } catch {
    return null;
  }
}

/** Docs/API.md §4 scope: platform-wide events reach everyone, owned ones their owner; admins see all. */
export const canSee = (viewer: EventViewer, event: Pick<StreamEvent, 'userId'>) =>
  viewer.isAdmin || event.userId === null || event.userId === viewer.userId;

export const matchesFilter = (patterns: readonly string[] | null, type: string) =>
  patterns === null || matchesAnyTypePattern(patterns, type);
