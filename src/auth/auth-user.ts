import type { Role } from '../users/role';

/** Who is calling, as resolved from the bearer token by `BearerAuthService`. */
export interface AuthUser {
  id: string;
  email: string;
  role: Role;
  via: 'jwt' | 'api_key' | 'portal';
  /** When the credential stops working (JWTs and portal sessions); long-lived streams end then. */
  expiresAt?: Date;
  /** The credential's id (credential-id.ts) when it can be revoked before then: API keys, portal sessions. */
  credential?: string;
}
