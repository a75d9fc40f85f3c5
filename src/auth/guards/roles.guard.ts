import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '../../users/role';
import { AuthUser } from '../auth-user';
import { REQUIRED_ROLES } from '../decorators/roles.decorator';

/** Global, after authentication: enforces `@Roles(...)`; admins pass every role check. */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[]>(REQUIRED_ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (user && (user.role === 'admin' || roles.includes(user.role))) return true;
    throw new ForbiddenException(
      `This needs the role ${roles.join(' or ')}; yours is ${user?.role ?? 'none'}`,
    );
  }
}
