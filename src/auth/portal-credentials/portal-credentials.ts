import { Inject, Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { CREDENTIAL_REVOKED_SIGNAL, CredentialRevokedSignal } from '../../bus/bus-names';
import { REDIS, RedisKeys } from '../../redis/redis.module';
import { credentialId } from '../credential-id';

/** Every portal session token starts with this, which tells it apart from a JWT or an API key (`hrld_`). */
export const PORTAL_TOKEN_PREFIX = 'hrlp_';

/** What a sign-in code or a session token stands for. */
export interface PortalGrant {
  userId: string;
  expiresAt: Date;
}

interface StoredGrant {
  user_id: string;
  expires_at: number;
}

const CODE_FORMAT = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url

/**
 * The portal's two short-lived credentials, both in Redis under a SHA-256 of the secret (a dump of Redis
 * holds nothing usable) and both dead at the grant's `expires_at`:
 * - a sign-in **code**, put in the fragment of the embedding URL, taken once (GETDEL);
 * - the **session token** the portal gets for it, sent as a bearer token until Sign out deletes it.
 */
@Injectable()
export class PortalCredentials {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly emitter: EventEmitter2,
  ) {}

  async issueCode(grant: PortalGrant): Promise<string> {
    const code = randomBytes(32).toString('base64url');
    await this.store('code', code, grant);
    return code;
  }

  /** The code's grant, or null when it is unknown, expired or already taken; it is gone afterwards. */
  async takeCode(code: string): Promise<PortalGrant | null> {
    if (!CODE_FORMAT.test(code)) return null;
    return this.parse(await this.redis.getdel(this.key('code', code)));
  }

  async issueToken(grant: PortalGrant): Promise<string> {
    const token = `${PORTAL_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    await this.store('session', token, grant);
    return token;
  }

  /** The bearer check's one lookup: the grant of the token named `credential` while the session lasts, else null. */
  async resolveSession(credential: string): Promise<PortalGrant | null> {
    return this.parse(await this.redis.get(this.keyOf('session', credential)));
  }

  /** Ends the session now; its streams end too (CREDENTIAL_REVOKED_SIGNAL), on every instance. */
  async revokeToken(token: string): Promise<void> {
    const grant = this.parse(await this.redis.getdel(this.key('session', token)));
    if (!grant) return;
    const signal: CredentialRevokedSignal = { userId: grant.userId, credential: credentialId(token) };
    this.emitter.emit(CREDENTIAL_REVOKED_SIGNAL, signal);
  }

  /** Whether the session named by `credential` (credentialId of its token) is still on. */
  async isLive(credential: string): Promise<boolean> {
    return (await this.redis.exists(this.keyOf('session', credential))) === 1;
  }

  private async store(kind: 'code' | 'session', secret: string, grant: PortalGrant): Promise<void> {
    const stored: StoredGrant = { user_id: grant.userId, expires_at: grant.expiresAt.getTime() };
    const ttlMs = Math.max(1, grant.expiresAt.getTime() - Date.now());
    await this.redis.set(this.key(kind, secret), JSON.stringify(stored), 'PX', ttlMs);
  }

  private parse(stored: string | null): PortalGrant | null {
    if (!stored) return null;
    const grant = JSON.parse(stored) as StoredGrant;
    // Redis expires the key at the same moment; this guards the millisecond in between.
    if (grant.expires_at <= Date.now()) return null;
    return { userId: grant.user_id, expiresAt: new Date(grant.expires_at) };
  }

  private key(kind: 'code' | 'session', secret: string): string {
    return this.keyOf(kind, credentialId(secret));
  }

  private keyOf(kind: 'code' | 'session', id: string): string {
    return this.keys.key('portal', kind, id);
  }
}
