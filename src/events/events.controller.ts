import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ApiAuthenticated } from '../common/openapi/api-errors.decorator';
import { PageOf } from '../common/pagination/page';
import { EventDto, PublishedEventDto } from './dto/event.dto';
import { mapPublishOutcome } from './dto/event.mapper';
import { ListEventsQueryDto } from './dto/list-events-query.dto';
import { EventsService, viewerOf } from './events.service';
import { EventPublisher } from './publishing/event-publisher.service';
import { PublishEventCommand } from './publishing/publish-event.command';

@ApiTags('Events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly publisher: EventPublisher,
    private readonly events: EventsService,
  ) {}

  @Post()
  @Roles('publisher')
  @ApiOperation({
    summary: 'Publish an event (publisher, admin)',
    description:
      'Answered once the event and its deliveries are committed. A repeated idempotency_key answers 200 with the first event.',
  })
  @ApiAcceptedResponse({ type: PublishedEventDto, description: 'Accepted and fanned out' })
  @ApiOkResponse({
    type: PublishedEventDto,
    description: 'Seen before (same idempotency_key within 24 h): the first event',
  })
  @ApiAuthenticated(400, 403, 413, 422)
  async publish(
    @CurrentUser() user: AuthUser,
    @Body() command: PublishEventCommand,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PublishedEventDto> {
    const outcome = await this.publisher.submit(command, user.id);
    res.status(outcome.replayed ? HttpStatus.OK : HttpStatus.ACCEPTED);
    return mapPublishOutcome(outcome);
  }

  @Get()
  @ApiOperation({ summary: 'Events you may see (platform-wide and your own; admins all), newest first' })
  @ApiOkResponse({ type: PageOf(EventDto) })
  @ApiAuthenticated(400)
  list(@CurrentUser() user: AuthUser, @Query() query: ListEventsQueryDto) {
    return this.events.list(viewerOf(user), query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One event you may see' })
  @ApiOkResponse({ type: EventDto })
  @ApiAuthenticated(404)
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<EventDto> {
    return this.events.get(viewerOf(user), id);
  }
}
