import { SetMetadata } from '@nestjs/common';
import type { Role } from '../../users/role';

export const REQUIRED_ROLES = 'herald:roles';

/** Only these roles may call the route; `admin` always may. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
