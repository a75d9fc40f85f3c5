import { Module } from '@nestjs/common';
import { EventsController } from './events.controller';
import { EventsModule } from './events.module';

/** POST/GET /api/events and GET /api/events/:id: mounted by the roles that serve the API. */
@Module({ imports: [EventsModule], controllers: [EventsController] })
export class EventsHttpModule {}
