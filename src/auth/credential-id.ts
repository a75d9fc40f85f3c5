import { createHash } from 'node:crypto';

/**
 * What names a revocable bearer credential (an API key, a portal session token) without holding it: the
 * SHA-256 of the secret in hex, which is also how both are stored (api_keys.key_hash, the portal's Redis
 * key). Streams remember it so that they can be ended when the credential is revoked. JWTs have none:
 * they end at their expiry, or with their user.
 */
export const credentialId = (secret: string): string => createHash('sha256').update(secret).digest('hex');
