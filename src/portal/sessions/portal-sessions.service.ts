import { Injectable, UnauthorizedException } from '@nestjs/common';
import { notFound } from '../../common/errors/http-errors';
import { UsersService } from '../../users/users.service';
import { PORTAL_TOKEN_PREFIX, PortalCredentials } from '../../auth/portal-credentials/portal-credentials';
import {
  CreatePortalSessionDto,
  PORTAL_SESSION_DEFAULT_SECONDS,
  PortalSessionDto,
} from './dto/create-portal-session.dto';
import { PortalTokenDto } from './dto/exchange-portal-code.dto';

/** Embedded portal sessions: a one-time link for a user, exchanged by the portal for a bounded session. */
@Injectable()
export class PortalSessionsService {
  constructor(
    private readonly users: UsersService,
    private readonly credentials: PortalCredentials,
  ) {}

  /** `portalUrl` is where this Herald's portal is reached, e.g. `https://herald.example.com/portal/`. */
  async create(body: CreatePortalSessionDto, portalUrl: string): Promise<PortalSessionDto> {
    const user = await this.users.findIdentity(body.user_id);
    if (!user) throw notFound('User');
    const expiresAt = new Date(Date.now() + (body.expires_in ?? PORTAL_SESSION_DEFAULT_SECONDS) * 1000);
    const code = await this.credentials.issueCode({ userId: user.id, expiresAt });
    // In the fragment: a browser never sends it to a server, so it is in no access log nor Referer.
    return { url: `${portalUrl}#code=${code}`, expires_at: expiresAt.toISOString() };
  }

  async exchange(code: string): Promise<PortalTokenDto> {
    const grant = await this.credentials.takeCode(code);
    if (!grant) {
      throw new UnauthorizedException('This portal link was already used or has expired; ask for a new one');
    }
    const token = await this.credentials.issueToken(grant);
    return {
      access_token: token,
      token_type: 'Bearer',
      expires_in: Math.max(0, Math.round((grant.expiresAt.getTime() - Date.now()) / 1000)),
      expires_at: grant.expiresAt.toISOString(),
    };
  }

  /** Sign out: a portal session token stops working at once; a JWT or API key has no session to end. */
  async end(bearerToken: string | undefined): Promise<void> {
    if (bearerToken?.startsWith(PORTAL_TOKEN_PREFIX)) await this.credentials.revokeToken(bearerToken);
  }
}
