import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { IDENTITY_CHANGED_SIGNAL, IdentityChangedSignal } from '../bus/bus-names';
import type { UserIdentity } from '../users/users.service';

/**
 * How long an identity is trusted without asking PostgreSQL. A role change, a deleted user or a deleted
 * key applies at once in the process that made it (the entries are dropped) and within this long in
 * every other process.
 */
export const CALLER_CACHE_TTL_MS = 1_000;
const MAX_ENTRIES = 50_000;

interface Entry<T> {
  value: T;
  until: number;
}

/**
 * Identities behind bearer credentials, kept for a second so that authentication costs no database
 * round trip per request: by user id (JWTs, tickets) and by API key hash (with the key's id, so that a
 * deleted key can be dropped).
 */
@Injectable()
export class CallerCache {
  private readonly users = new Map<string, Entry<UserIdentity>>();
  private readonly keys = new Map<string, Entry<{ keyId: string; identity: UserIdentity }>>();

  user(userId: string): UserIdentity | undefined {
    return fresh(this.users, userId)?.value;
  }

  rememberUser(identity: UserIdentity): void {
    put(this.users, identity.id, identity);
  }

  key(keyHash: string): UserIdentity | undefined {
    return fresh(this.keys, keyHash)?.value.identity;
  }

  rememberKey(keyHash: string, keyId: string, identity: UserIdentity): void {
    put(this.keys, keyHash, { keyId, identity });
  }

  forgetKeyHash(keyHash: string): void {
    this.keys.delete(keyHash);
  }

  forgetKey(keyId: string): void {
    for (const [hash, entry] of this.keys) if (entry.value.keyId === keyId) this.keys.delete(hash);
  }

  @OnEvent(IDENTITY_CHANGED_SIGNAL)
  forgetUser({ userId }: IdentityChangedSignal): void {
    this.users.delete(userId);
    for (const [hash, entry] of this.keys) if (entry.value.identity.id === userId) this.keys.delete(hash);
  }
}

function fresh<T>(map: Map<string, Entry<T>>, id: string): Entry<T> | undefined {
  const entry = map.get(id);
  if (!entry) return undefined;
  if (entry.until > Date.now()) return entry;
  map.delete(id);
  return undefined;
}

function put<T>(map: Map<string, Entry<T>>, id: string, value: T): void {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(id, { value, until: Date.now() + CALLER_CACHE_TTL_MS });
}
