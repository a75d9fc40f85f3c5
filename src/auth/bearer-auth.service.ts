import { Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { UsersService } from '../users/users.service';
import { PORTAL_TOKEN_PREFIX, PortalCredentials } from './portal-credentials/portal-credentials';
import { ApiKeysService } from './api-keys/api-keys.service';
import { API_KEY_PREFIX } from './api-keys/api-key-format';
import { AuthUser } from './auth-user';
import { CallerCache } from './caller-cache';
import { credentialId } from './credential-id';

interface JwtClaims {
  sub: string;
  exp: number;
}

/**
 * Turns a bearer token (a JWT from login, or an API key) into the caller. The role is read from the
 * database and trusted for at most a second (CallerCache): a role change or a deleted user or key takes
 * effect at once in this process and within a second in every other.
 */
@Injectable()
export class BearerAuthService {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    private readonly apiKeys: ApiKeysService,
    private readonly portal: PortalCredentials,
    private readonly callers: CallerCache,
  ) {}

  /** Reads `Authorization: Bearer …`; throws a 401 that says what is missing or wrong. */
  async fromHeader(header: string | undefined): Promise<AuthUser> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    if (!match) throw new UnauthorizedException('Send a token as "Authorization: Bearer <token>"');
    return this.fromToken(match[1]);
  }

  async fromToken(token: string): Promise<AuthUser> {
    if (token.startsWith(API_KEY_PREFIX)) {
      const credential = credentialId(token); // = the stored key hash
      const owner = await this.apiKeys.resolve(credential);
      if (!owner) throw new UnauthorizedException('The API key is invalid or was deleted');
      return { id: owner.id, email: owner.email, role: owner.role, via: 'api_key', credential };
    }
    if (token.startsWith(PORTAL_TOKEN_PREFIX)) {
      // An embedded portal session (src/portal): one lookup, gone after Sign out or its expires_at (so not
      // to be cached: Sign out must end it at once).
      const credential = credentialId(token);
      const grant = await this.portal.resolveSession(credential);
      if (!grant) throw new UnauthorizedException('The portal session has ended; sign in again');
      return this.callerOf(grant.userId, 'portal', grant.expiresAt, credential);
    }
    let claims: JwtClaims;
    try {
      claims = await this.jwt.verifyAsync<JwtClaims>(token);
    } catch {
      throw new UnauthorizedException('The token is invalid or expired; log in again');
    }
    return this.callerOf(claims.sub, 'jwt', new Date(claims.exp * 1000));
  }

  /**
   * The caller a credential stands for, with the role as it is now; a 401 when the user is gone. Also used
   * for SSE tickets, which carry the user and the expiry of the credential they were taken with.
   */
  async callerOf(
    userId: string,
    via: AuthUser['via'],
    expiresAt?: Date,
    credential?: string,
  ): Promise<AuthUser> {
    let user = this.callers.user(userId);
    if (!user) {
      user = (await this.users.findIdentity(userId)) ?? undefined;
      if (user) this.callers.rememberUser(user);
    }
    if (!user) throw new UnauthorizedException('The credential belongs to a user that no longer exists');
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      via,
      ...(expiresAt ? { expiresAt } : {}),
      ...(credential ? { credential } : {}),
    };
  }

  /**
   * Another instance revoked `credential` (or changed or deleted the user, when null): stop trusting what
   * this instance remembers of it now rather than within CALLER_CACHE_TTL_MS.
   */
  forget(userId: string, credential: string | null): void {
    if (credential) this.callers.forgetKeyHash(credential);
    else this.callers.forgetUser({ userId });
  }

  /**
   * Whether `caller` is still what it was when authenticated, read now from the source (no cache): its
   * credential not revoked, its user there with the same role.
   */
  async stillValid(caller: AuthUser): Promise<boolean> {
    if (caller.credential && !(await this.credentialIsLive(caller.via, caller.credential))) return false;
    const identity = await this.users.findIdentity(caller.id);
    return identity !== null && identity.role === caller.role;
  }

  /** Whether a revocable credential still works (for tickets, which outlive the request they were taken in). */
  credentialIsLive(via: AuthUser['via'], credential: string): Promise<boolean> {
    return via === 'portal' ? this.portal.isLive(credential) : this.apiKeys.isLive(credential);
  }
}
