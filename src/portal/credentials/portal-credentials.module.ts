import { Module } from '@nestjs/common';
import { PortalCredentials } from './portal-credentials';

/**
 * Only the credential store, with no dependency but Redis: AuthModule imports it so that bearer
 * authentication recognises portal session tokens, without depending on the rest of the portal.
 */
@Module({ providers: [PortalCredentials], exports: [PortalCredentials] })
export class PortalCredentialsModule {}
