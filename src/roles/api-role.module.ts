import { Module } from '@nestjs/common';
import { EventCatalogHttpModule } from '../catalog/event-catalog-http.module';
import { EventsHttpModule } from '../events/events-http.module';
import { PortalModule } from '../portal/portal.module';
import { SseModule } from '../sse/sse.module';
import { WebhooksHttpModule } from '../webhooks/webhooks-http.module';

/**
 * What a process serving the API adds to the core (HERALD_ROLE=api or all): the HTTP routes of the
 * catalog, webhooks and events, the event stream and the portal. (Auth's routes and the delivery log's
 * still come with their modules; see docs/ARCHITECTURE.md.)
 */
@Module({ imports: [EventCatalogHttpModule, WebhooksHttpModule, EventsHttpModule, SseModule, PortalModule] })
export class ApiRoleModule {}
