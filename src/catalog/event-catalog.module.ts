import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EventCatalogService } from './event-catalog.service';
import { EventTypeEntity } from './entities/event-type.entity';
import { EventTypesController } from './event-types.controller';
import { EventTypesRepository } from './event-types.repository';

/** The event catalog: the `event_types` table, its routes, and the type patterns every module matches with. */
@Module({
  imports: [TypeOrmModule.forFeature([EventTypeEntity])],
  controllers: [EventTypesController],
  providers: [EventTypesRepository, EventCatalogService],
  exports: [EventCatalogService],
})
export class EventCatalogModule {}
