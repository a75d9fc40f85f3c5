import * as argon2 from 'argon2';
import { availableParallelism } from 'node:os';
import { HashGate } from './hash-gate';

/**
 * argon2id with OWASP's first recommended setting (19 MiB, 2 passes, 1 lane) instead of the library's
 * default (64 MiB, 3 passes, 4 lanes): one hash then runs on one thread and takes one core, where the
 * default spread each hash over four threads and took every core of a small machine, so a login flood
 * slowed deliveries and streams down with it. Hashes carry their own parameters: ones made with the old
 * setting still verify.
 */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/**
 * How many hashes may run at once: one per two cores, so that at least half the CPU is left to the rest of
 * Herald (the event loop, PostgreSQL, Redis), and never more than 2, which leaves 2 of libuv's 4 threads
 * for DNS lookups, zlib and file access. On 2 cores: 1 at a time, which hashes as fast as 2 would (the
 * work is CPU-bound) with half the latency.
 */
export const PASSWORD_HASH_CONCURRENCY = Math.min(2, Math.max(1, Math.floor(availableParallelism() / 2)));
/** Waiting beyond this (a second or two of hashing) is answered at once: 503 + Retry-After. */
export const PASSWORD_HASH_QUEUE_LIMIT = 16 * PASSWORD_HASH_CONCURRENCY;
/**
 * Each slot rests as long as it hashed: hashing then takes at most half of one core per slot. Measured with
 * `npm run bench -- --only login-flood` on 2 cores (docs/BENCHMARKS.md): delivery p99 under 50 wrong
 * logins/s went from 2.6× its quiet value (one run) to 1.8× and 2.3× (two runs), at the cost of half the
 * logins checked per second (~10/s instead of ~19/s).
 */
const HASH_REST_RATIO = 1;
const gate = new HashGate(PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE_LIMIT, 1, HASH_REST_RATIO);

export const hashPassword = (password: string) => gate.run(() => argon2.hash(password, HASH_OPTIONS));

/** Whether `hash` was made with other parameters than today's (then hash the password again on login). */
export function needsRehash(hash: string): boolean {
  try {
    return argon2.needsRehash(hash, HASH_OPTIONS);
  } catch {
    return false;
  }
}

/** False for a malformed hash too, so a corrupt row reads as "wrong password", never as a 500. */
export function verifyPassword(hash: string, password: string): Promise<boolean> {
  return gate.run(async () => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  });
}
