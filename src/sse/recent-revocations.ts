/** How long a revocation is remembered: longer than authentication and the slot check of a stream take. */
const REMEMBER_MS = 10_000;

/**
 * The revocations of the last few seconds, so that a stream authenticated just before one (its identity
 * read, or taken from the one-second cache, before the notice came) but registered just after it is ended
 * too instead of being missed by both.
 */
export class RecentRevocations {
  /** `userId` (every credential) or `userId credential` → when the revocation came (ms). */
  private readonly at = new Map<string, number>();

  note(userId: string, credential: string | null, now = Date.now()): void {
    this.prune(now);
    this.at.set(keyOf(userId, credential), now);
  }

  /** Whether `userId`'s streams, or those opened with `credential`, were revoked at or after `since`. */
  revokedSince(since: number, userId: string, credential: string | null, now = Date.now()): boolean {
    this.prune(now);
    const all = this.at.get(keyOf(userId, null));
    const own = credential === null ? undefined : this.at.get(keyOf(userId, credential));
    return (all !== undefined && all >= since) || (own !== undefined && own >= since);
  }

  private prune(now: number): void {
    for (const [key, at] of this.at) if (now - at > REMEMBER_MS) this.at.delete(key);
  }
}

const keyOf = (userId: string, credential: string | null) =>
  credential === null ? userId : `${userId} ${credential}`;
