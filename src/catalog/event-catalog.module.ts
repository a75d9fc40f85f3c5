import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventCatalogService } from './event-catalog.service';
import { EventTypeEntity } from './entities/event-type.entity';
import { EventTypesRepository } from './event-types.repository';

/** The event catalog: the `event_types` table and the checks against it (its routes: EventCatalogHttpModule). */
@Module({
  imports: [TypeOrmModule.forFeature([EventTypeEntity])],
  providers: [EventTypesRepository, EventCatalogService],
  exports: [EventCatalogService],
})
export class EventCatalogModule {}
