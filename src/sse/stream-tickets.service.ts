import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { AuthUser } from '../auth/auth-user';
import { REDIS, RedisKeys } from '../redis/redis.module';
import { BearerAuthService } from '../auth/bearer-auth.service';
import { StreamTicketDto } from './dto/stream-ticket.dto';

export const TICKET_TTL_SECONDS = 60;
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url

interface TicketPayload {
  userId: string;
  via: AuthUser['via'];
  /** Expiry of the JWT the ticket was taken with (ms); the stream must not outlive it. */
  expiresAt: number | null;
}

/**
 * Single-use, short-lived stream tickets for browsers, whose EventSource cannot send an Authorization
 * header: the long-lived token never appears in a URL, only a ticket that is dead after one use or 60 s.
 */
@Injectable()
export class StreamTickets {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly bearer: BearerAuthService,
  ) {}

  async issue(user: AuthUser): Promise<StreamTicketDto> {
    const ticket = randomBytes(32).toString('base64url');
    const payload: TicketPayload = {
      userId: user.id,
      via: user.via,
      expiresAt: user.expiresAt?.getTime() ?? null,
    };
    await this.redis.set(this.key(ticket), JSON.stringify(payload), 'EX', TICKET_TTL_SECONDS);
    return { ticket, expires_in: TICKET_TTL_SECONDS };
  }

  /** The ticket's user, with the role read now; the ticket is gone afterwards whatever the outcome. */
  async consume(ticket: string): Promise<AuthUser> {
    const refused = new UnauthorizedException(
      'The ticket is invalid, expired or already used; take a new one',
    );
    if (!TICKET_FORMAT.test(ticket)) throw refused;
    const stored = await this.redis.getdel(this.key(ticket));
    if (!stored) throw refused;
    const payload = JSON.parse(stored) as TicketPayload;
    if (payload.expiresAt !== null && payload.expiresAt <= Date.now()) {
      throw new UnauthorizedException('The token this ticket was taken with has expired; log in again');
    }
    return this.bearer.callerOf(
      payload.userId,
      payload.via,
      payload.expiresAt !== null ? new Date(payload.expiresAt) : undefined,
    );
  }

  key(ticket: string): string {
    return this.keys.key('sse', 'ticket', ticket);
  }
}
