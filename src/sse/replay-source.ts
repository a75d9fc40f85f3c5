import type { PublishedEvent } from '../events/bus/published-event';
import type { StreamViewer } from './stream-event';

/** What the stream needs from the events module to resume; bound to `EventsService` in `SseModule`. */
export interface ReplaySource {
  /**
   * Events the viewer may see whose id sorts after `lastEventId`, matching `typePatterns` (all when null),
   * in id order, at most `limit + 1`; `known` is false when `lastEventId` names no stored event.
   */
  replayAfter(
    lastEventId: string,
    viewer: StreamViewer,
    typePatterns: string[] | null,
    limit: number,
  ): Promise<{ known: boolean; events: PublishedEvent[] }>;
}

export const REPLAY_SOURCE = Symbol('REPLAY_SOURCE');
