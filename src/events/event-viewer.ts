import type { AuthUser } from '../auth/auth-user';

/** Who is reading: platform-wide events and their own, or everything for admins. */
export interface EventViewer {
  userId: string;
  isAdmin: boolean;
}

export const viewerOf = (user: AuthUser): EventViewer => ({
  userId: user.id,
  isAdmin: user.role === 'admin',
});
