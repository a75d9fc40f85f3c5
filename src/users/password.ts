import * as argon2 from 'argon2';
import { HashGate } from './hash-gate';

/**
 * Two of libuv's four threads at most, so zlib and file access always find one free; 32 waiting is about
 * a second of hashing on a small machine, past which a login is told to come back (503 + Retry-After).
 */
export const PASSWORD_HASH_CONCURRENCY = 2;
export const PASSWORD_HASH_QUEUE_LIMIT = 32;
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
