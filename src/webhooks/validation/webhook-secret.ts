import { randomBytes } from 'node:crypto';

export const SECRET_PREFIX = 'whsec_';
const MIN_KEY_BYTES = 24;
const MAX_KEY_BYTES = 64;

/** `whsec_` + base64 of 32 random bytes, the Standard Webhooks format. */
export function generateSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/**
 * Why `secret` is not a usable signing secret, or null. The base64 must be canonical (it re-encodes to
 * itself) so that what the user stored and what Herald signs with are the same bytes.
 */
export function secretProblem(secret: unknown): string | null {
  if (typeof secret !== 'string') return 'secret must be a string';
  if (!secret.startsWith(SECRET_PREFIX)) return `secret must start with ${SECRET_PREFIX}`;
  const encoded = secret.slice(SECRET_PREFIX.length);
  const key = Buffer.from(encoded, 'base64');
  if (!encoded || key.toString('base64') !== encoded)
    return `secret must be ${SECRET_PREFIX} followed by standard base64 (with padding)`;
  if (key.length < MIN_KEY_BYTES || key.length > MAX_KEY_BYTES) {
    return `secret must encode ${MIN_KEY_BYTES} to ${MAX_KEY_BYTES} bytes after ${SECRET_PREFIX} (it encodes ${key.length})`;
  }
  return null;
}

/** `whsec_…` + the last 4 characters: enough to recognise a secret, not to use it. */
export function maskSecret(secret: string): string {
  return `${SECRET_PREFIX}…${secret.slice(-4)}`;
}
