import { randomBytes } from 'node:crypto';
import { credentialId } from '../credential-id';

/** Every API key starts with this, which tells it apart from a JWT and makes leaked keys easy to grep for. */
export const API_KEY_PREFIX = 'hrld_';

export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 6), hash: hashApiKey(key) };
}

/**
 * SHA-256 is enough here (unlike passwords): a key carries 256 random bits, so there is nothing to
 * brute-force, and it keeps the per-request lookup cheap.
 */
/** As stored in api_keys.key_hash; the same value names the key as a credential (../credential-id.ts). */
export const hashApiKey = (key: string) => credentialId(key);
