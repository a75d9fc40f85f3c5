import { Module } from '@nestjs/common';
import { EventCatalogModule } from './event-catalog.module';
import { EventTypesController } from './event-types.controller';

/** GET/POST/DELETE /api/events/types: mounted by the roles that serve the API. */
@Module({ imports: [EventCatalogModule], controllers: [EventTypesController] })
export class EventCatalogHttpModule {}
