import { Module } from '@nestjs/common';
import { PortalCredentials } from './portal-credentials';

/**
 * The portal's credential store, with no dependency but Redis. It lives in auth beside API keys because
 * bearer authentication must recognise portal session tokens; the portal module (which issues them)
 * imports it from here, so that portal depends on auth and never the other way round.
 */
@Module({ providers: [PortalCredentials], exports: [PortalCredentials] })
export class PortalCredentialsModule {}
