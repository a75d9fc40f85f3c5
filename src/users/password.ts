import * as argon2 from 'argon2';
import { availableParallelism } from 'node:os';
import { HashGate } from './hash-gate';

/**
 * How many hashes may run at once. Each argon2id hash (parallelism 4) runs on one libuv thread and spreads
 * its lanes over up to 4 threads of its own, so a hash per 4 cores keeps the CPU from being swamped (the
 * event loop competes with every runnable thread), and never more than 2 leaves 2 of libuv's 4 threads
 * for zlib and file access. On 2 cores: 1 at a time, which hashes as fast as 2 would (the work is CPU-bound)
 * with half the latency.
 */
export const PASSWORD_HASH_CONCURRENCY = Math.min(2, Math.max(1, Math.floor(availableParallelism() / 4)));
/** Waiting beyond this (a second or two of hashing) is answered at once: 503 + Retry-After. */
export const PASSWORD_HASH_QUEUE_LIMIT = 16 * PASSWORD_HASH_CONCURRENCY;
const gate = new HashGate(PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE_LIMIT);

export const hashPassword = (password: string) =>
  gate.run(() => argon2.hash(password, { type: argon2.argon2id }));

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
