import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import Redis, { ChainableCommander } from 'ioredis';
import type { AuthUser } from '../auth/auth-user';
import { BearerAuthService } from '../auth/bearer-auth.service';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS, RedisKeys } from '../redis/redis.module';
import { StreamTicketDto } from './dto/stream-ticket.dto';

export const TICKET_TTL_SECONDS = 60;
const TICKET_FORMAT = /^[A-Za-z0-9_-]{43}$/; // 32 bytes, base64url

interface TicketPayload {
  userId: string;
  via: AuthUser['via'];
  /** Expiry of the JWT the ticket was taken with (ms); the stream must not outlive it. */
  expiresAt: number | null;
  /** The revocable credential it was taken with (API key, portal session): revoked, the ticket is void. */
  credential?: string;
}

/** Who a ticket let in, and the ticket, which the stream keeps re-presentable while it is open. */
export interface TicketHolder {
  user: AuthUser;
  ticket: string;
}

/**
 * Short-lived stream tickets for browsers, whose EventSource cannot send an Authorization header: the
 * long-lived token never appears in a URL. A ticket opens one stream, once, within 60 s. An EventSource
 * that loses its connection retries the same URL by itself, with `Last-Event-ID`; so that this retry is
 * not a 401 that ends it for good, the used ticket stays good for such reconnects while a stream opened
 * with it is open (the heartbeat keeps it) and for `resumeWindowMs` after, and never past the JWT.
 */
@Injectable()
export class StreamTickets {
  readonly resumeWindowMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly bearer: BearerAuthService,
  ) {
    // Two heartbeats (the refresh may be one late) plus the reconnect delay and a margin; at least 30 s.
    this.resumeWindowMs = Math.max(30_000, config.sse.heartbeatMs * 2 + 10_000);
  }

  async issue(user: AuthUser): Promise<StreamTicketDto> {
    const ticket = randomBytes(32).toString('base64url');
    const payload: TicketPayload = {
      userId: user.id,
      via: user.via,
      expiresAt: user.expiresAt?.getTime() ?? null,
      ...(user.credential ? { credential: user.credential } : {}),
    };
    await this.redis.set(this.key(ticket), JSON.stringify(payload), 'EX', TICKET_TTL_SECONDS);
    return { ticket, expires_in: TICKET_TTL_SECONDS };
  }

  /**
   * The ticket's user, with the role read now. A fresh ticket is used up; a used one is accepted again
   * only as a reconnect (`Last-Event-ID` sent) within its resume window.
   */
  async consume(ticket: string, reconnecting: boolean): Promise<TicketHolder> {
    const refused = new UnauthorizedException(
      'The ticket is invalid, expired or already used; take a new one',
    );
    if (!TICKET_FORMAT.test(ticket)) throw refused;
    let stored = await this.redis.getdel(this.key(ticket));
    if (stored) {
      await this.redis.set(this.resumeKey(ticket), stored, 'PX', this.resumeWindowMs);
    } else if (reconnecting) {
      stored = await this.redis.get(this.resumeKey(ticket));
    }
    if (!stored) throw refused;
    const payload = JSON.parse(stored) as TicketPayload;
    if (payload.expiresAt !== null && payload.expiresAt <= Date.now()) {
      throw new UnauthorizedException('The token this ticket was taken with has expired; log in again');
    }
    if (payload.credential && !(await this.bearer.credentialIsLive(payload.via, payload.credential))) {
      throw new UnauthorizedException('The credential this ticket was taken with was revoked; sign in again');
    }
    const user = await this.bearer.callerOf(
      payload.userId,
      payload.via,
      payload.expiresAt !== null ? new Date(payload.expiresAt) : undefined,
      payload.credential,
    );
    return { user, ticket };
  }

  /** A stream opened with `ticket` was ended for good: a reconnect with it is refused. */
  forgetResume(ticket: string): void {
    this.redis.del(this.resumeKey(ticket)).catch(() => undefined); // it lapses within resumeWindowMs anyway
  }

  /** Adds "keep these tickets good for reconnects" to `pipeline` (their streams are open). */
  keepResumable(pipeline: ChainableCommander, tickets: Iterable<string>): void {
    for (const ticket of tickets) pipeline.pexpire(this.resumeKey(ticket), this.resumeWindowMs);
  }

  key(ticket: string): string {
    return this.keys.key('sse', 'ticket', ticket);
  }

  resumeKey(ticket: string): string {
    return this.keys.key('sse', 'ticket-resume', ticket);
  }
}
