import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Roles } from '../auth/decorators/roles.decorator';
import { ApiAuthenticated } from '../common/openapi/api-errors.decorator';
import { CreateEventTypeDto, EventTypeDto } from './dto/event-type.dto';
import { EventCatalogService } from './event-catalog.service';

@ApiTags('Event types')
@Controller('events/types')
export class EventTypesController {
  constructor(private readonly catalog: EventCatalogService) {}

  @Get()
  @ApiOperation({ summary: 'The event-type catalog: every type you can subscribe to, with its data schema' })
  @ApiAuthenticated()
  @ApiOkResponse({ type: [EventTypeDto] })
  list(): Promise<EventTypeDto[]> {
    return this.catalog.list();
  }

  @Post()
  @Roles('admin')
  @ApiOperation({
    summary: 'Add an event type (admin); an invalid JSON Schema is a 422 with the problems in details',
  })
  @ApiAuthenticated(400, 403, 409, 422)
  @ApiCreatedResponse({ type: EventTypeDto })
  create(@Body() body: CreateEventTypeDto): Promise<EventTypeDto> {
    return this.catalog.create(body);
  }

  @Delete(':type')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({
    summary: 'Remove an event type (admin); existing subscriptions to it stay but receive nothing new',
  })
  @ApiAuthenticated(403, 404)
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@Param('type') type: string): Promise<void> {
    await this.catalog.remove(type);
  }
}
