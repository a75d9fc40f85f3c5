import { get } from '../api/client';
import type { EventType } from '../api/types';
import { useLoad } from './use-load';

/** The event catalog (GET /api/events/types), for pickers, filters and the stream's listeners. */
export const useCatalog = () => useLoad(() => get<EventType[]>('/events/types'), []);
