import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { PortalCredentialsModule } from '../auth/portal-credentials/portal-credentials.module';
import { PortalAssets } from './portal-assets';
import { PortalSessionsController } from './sessions/portal-sessions.controller';
import { PortalSessionsService } from './sessions/portal-sessions.service';

/** The web UI at /portal (built from web/) and the embedding route POST /api/portal/sessions. */
@Module({
  imports: [UsersModule, PortalCredentialsModule],
  controllers: [PortalSessionsController],
  providers: [PortalSessionsService, PortalAssets],
})
export class PortalModule {}
