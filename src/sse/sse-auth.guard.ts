import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { BearerAuthService } from '../auth/bearer-auth.service';
import { StreamTickets } from './stream-tickets.service';

/** The request once SseAuthGuard let it in. */
export type StreamRequest = Request & { user?: AuthUser; streamTicket?: string };

/**
 * The stream accepts a bearer token or a `?ticket=`. Runs on a `@Public()` route (the global guard would
 * insist on the header) and refuses with a 401 before the response has written a byte.
 */
@Injectable()
export class SseAuthGuard implements CanActivate {
  constructor(
    private readonly bearer: BearerAuthService,
    private readonly tickets: StreamTickets,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<StreamRequest>();
    const ticket = request.query.ticket;
    if (ticket !== undefined) {
      // An EventSource reconnecting by itself sends Last-Event-ID (its resume point) with the same URL.
      const reconnecting = typeof request.headers['last-event-id'] === 'string';
      const holder = await this.tickets.consume(typeof ticket === 'string' ? ticket : '', reconnecting);
      request.user = holder.user;
      request.streamTicket = holder.ticket;
    } else {
      request.user = await this.bearer.fromHeader(request.headers.authorization);
    }
    return true;
  }
}
