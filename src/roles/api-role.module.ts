import { Module } from '@nestjs/common';
import { AuthHttpModule } from '../auth/auth-http.module';
import { EventCatalogHttpModule } from '../catalog/event-catalog-http.module';
import { DeliveryHttpModule } from '../delivery/delivery-http.module';
import { EventsHttpModule } from '../events/events-http.module';
import { PortalModule } from '../portal/portal.module';
import { SseModule } from '../sse/sse.module';
import { WebhooksHttpModule } from '../webhooks/webhooks-http.module';

/**
 * What a process serving the API adds to the core (HERALD_ROLE=api): every HTTP route (auth, catalog,
 * webhooks, the delivery log, events), the event stream with its bridge, and the portal.
 */
@Module({
  imports: [
    AuthHttpModule,
    EventCatalogHttpModule,
    WebhooksHttpModule,
    DeliveryHttpModule,
    EventsHttpModule,
    SseModule,
    PortalModule,
  ],
})
export class ApiRoleModule {}
