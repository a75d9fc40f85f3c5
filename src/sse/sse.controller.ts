import { Controller, Get, Headers, HttpCode, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Public } from '../auth/decorators/public.decorator';
import { ApiAuthenticated, ApiErrors } from '../common/openapi/api-errors.decorator';
import { StreamQueryDto } from './dto/stream-query.dto';
import { StreamTicketDto } from './dto/stream-ticket.dto';
import { SseAuthGuard } from './sse-auth.guard';
import { StreamTickets } from './stream-tickets.service';
import { StreamsService } from './streams.service';

const STREAM_EXAMPLE =
  'retry: 3000\n\nid: evt_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P\nevent: sync.completed\ndata: {"user_id":"abc","items_synced":150}\n\n: keep-alive\n\n';

@ApiTags('Streams')
@Controller('events/stream')
export class SseController {
  constructor(
    private readonly streams: StreamsService,
    private readonly tickets: StreamTickets,
  ) {}

  // The raw response, not @Sse(): Nest's @Sse cannot write comment heartbeats and hides the socket's
  // backpressure, which the slow-client limit needs (see docs/SSE.md).
  @Get()
  @Public()
  @UseGuards(SseAuthGuard)
  @ApiOperation({
    summary: 'The live event stream (Server-Sent Events)',
    description:
      'Authenticate with the bearer header, or with `?ticket=` from POST /api/events/stream/ticket. Resume with ' +
      '`Last-Event-ID` (or `?last_event_id=`); when the history cannot be replayed the stream starts with `event: stream.reset`.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Replay every event after this id, then go live',
  })
  @ApiOkResponse({
    description:
      'An endless text/event-stream: `retry: 3000`, then `id`/`event`/`data` frames and `: keep-alive` comments',
    content: { 'text/event-stream': { schema: { type: 'string', example: STREAM_EXAMPLE } } },
  })
  @ApiBearerAuth()
  @ApiErrors(400, 401, 429)
  async stream(
    @CurrentUser() user: AuthUser,
    @Query() query: StreamQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.streams.open(user, query, lastEventId, req, res);
  }

  @Post('ticket')
  @HttpCode(201)
  @ApiOperation({
    summary: 'A single-use, 60-second ticket to open the stream where headers cannot be sent (browsers)',
  })
  @ApiCreatedResponse({ type: StreamTicketDto })
  @ApiAuthenticated()
  ticket(@CurrentUser() user: AuthUser): Promise<StreamTicketDto> {
    return this.tickets.issue(user);
  }
}
