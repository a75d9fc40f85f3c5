import { RedisKeys } from '../redis/redis.module';

/** The one Redis channel on which every instance announces the ids of the events it committed. */
export const sseChannel = (keys: RedisKeys): string => keys.key('sse', 'events');

/** Where every instance announces streams to end: a revoked credential, or a user deleted or changed. */
export const revocationChannel = (keys: RedisKeys): string => keys.key('sse', 'revoked');

/** A revocation: `credential` null ends every stream of the user. */
export interface Revocation {
  userId: string;
  credential: string | null;
}

/** As it travels, with the application that announced it (EventAnnouncer.origin): that one applied it already. */
export interface AnnouncedRevocation extends Revocation {
  origin: string;
}
