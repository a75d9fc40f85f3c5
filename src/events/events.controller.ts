import { Body, Controller, Get, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ApiAuthenticated } from '../common/openapi/api-errors.decorator';
import { PageOf } from '../common/pagination/page';
import { EventDto, mapEvent, PublishedEventDto } from './dto/event.dto';
import { ListEventsQueryDto } from './dto/list-events-query.dto';
import { PublishEventDto } from './dto/publish-event.dto';
import { EventsService, viewerOf } from './events.service';
import { PublishEventUseCase } from './publishing/publish-event.use-case';

@ApiTags('Events')
@Controller('events')
export class EventsController {
  constructor(
    private readonly publishEvent: PublishEventUseCase,
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
    @Body() body: PublishEventDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PublishedEventDto> {
    const result = await this.publishEvent.execute({
      type: body.type,
      data: body.data,
      userId: body.user_id,
      channels: body.channels,
      idempotencyKey: body.idempotency_key,
      publisherId: user.id,
    });
    res.status(result.replayed ? HttpStatus.OK : HttpStatus.ACCEPTED);
    return { ...mapEvent(result.event), deliveries: result.deliveries };
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
