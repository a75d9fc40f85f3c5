import type { UserEntity } from '../entities/user.entity';
import type { UserDto } from './user.dto';

/** The only way a user leaves the service layer: no password hash can slip through. */
export function mapUser(user: UserEntity): UserDto {
  return { id: user.id, email: user.email, role: user.role, created_at: user.createdAt.toISOString() };
}
