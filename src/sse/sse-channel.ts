import { RedisKeys } from '../redis/redis.module';

/** The one Redis channel on which every instance announces the ids of the events it committed. */
export const sseChannel = (keys: RedisKeys): string => keys.key('sse', 'events');
