import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { AuthUser } from '../auth-user';
import { BearerAuthService } from '../bearer-auth.service';
import { IS_PUBLIC } from '../decorators/public.decorator';

/** Global: every route needs a bearer token unless it is marked `@Public()`. */
@Injectable()
export class AuthenticationGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly bearer: BearerAuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    if (request.user) return true; // resolved already, e.g. from an SSE ticket
    request.user = await this.bearer.fromHeader(request.headers.authorization);
    return true;
  }
}
