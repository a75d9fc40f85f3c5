import {
  Controller,
  Headers,
  HttpCode,
  MessageEvent,
  Post,
  Query,
  Req,
  Res,
  Sse,
  SseSignal,
  UseGuards,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { Public } from '../auth/decorators/public.decorator';
import { ApiAuthenticated, ApiErrors } from '../common/openapi/api-errors.decorator';
import { StreamQueryDto } from './dto/stream-query.dto';
import { StreamTicketDto } from './dto/stream-ticket.dto';
import { SseAuthGuard, StreamRequest } from './sse-auth.guard';
import { StreamTickets } from './stream-tickets.service';
import { StreamsService } from './streams.service';
import { TypePatternsPipe } from './type-patterns.pipe';

const STREAM_EXAMPLE =
  '\nid: pos_2751\nretry: 3000\n\nevent: sync.completed\nid: evt_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P\ndata: {"user_id":"abc","items_synced":150}\n\n: keep-alive\n\n';

@ApiTags('Streams')
@Controller('events/stream')
export class SseController {
  constructor(
    private readonly streams: StreamsService,
    private readonly tickets: StreamTickets,
  ) {}

  // Nest writes the frames; StreamsService decides what and when, and counts what waits for a slow
  // client against SSE_MAX_BUFFERED_EVENTS itself (Nest's character-based limit is off).
  @Sse(undefined, { maxPendingDataLength: 0 })
  @Public()
  @UseGuards(SseAuthGuard)
  @ApiOperation({
    summary: 'The live event stream (Server-Sent Events)',
    description:
      'Authenticate with the bearer header, or with `?ticket=` from POST /api/events/stream/ticket (an EventSource ' +
      'that reconnects by itself may present it again with `Last-Event-ID`). Resume with `Last-Event-ID` (or ' +
      '`?last_event_id=`): an event id, or the `pos_…` id of the opening `retry:`; when the history cannot be ' +
      'replayed the stream starts with `event: stream.reset`.',
  })
  @ApiProduces('text/event-stream')
  @ApiHeader({
    name: 'Last-Event-ID',
    required: false,
    description: 'Replay every event after this id (an event id or a `pos_…` position), then go live',
  })
  @ApiOkResponse({
    description:
      'An endless text/event-stream: `retry: 3000` (with the position to resume from as its id), then ' +
      '`event`/`id`/`data` frames in commit order and `: keep-alive` comments',
    content: { 'text/event-stream': { schema: { type: 'string', example: STREAM_EXAMPLE } } },
  })
  @ApiBearerAuth()
  @ApiErrors(400, 401, 429)
  stream(
    @CurrentUser() user: AuthUser,
    @Query() query: StreamQueryDto,
    @Query('types', TypePatternsPipe) patterns: string[] | null,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
    @Req() request: StreamRequest,
    @Res({ passthrough: true }) response: Response,
    @SseSignal() signal: AbortSignal,
  ): Promise<Observable<MessageEvent>> {
    return this.streams.open({
      user,
      ticket: request.streamTicket ?? null,
      patterns,
      lastEventId: (lastEventIdHeader ?? query.last_event_id ?? '').trim() || null,
      response,
      signal,
    });
  }

  @Post('ticket')
  @HttpCode(201)
  @ApiOperation({
    summary: 'A 60-second ticket that opens one stream where headers cannot be sent (browsers)',
  })
  @ApiCreatedResponse({ type: StreamTicketDto })
  @ApiAuthenticated()
  ticket(@CurrentUser() user: AuthUser): Promise<StreamTicketDto> {
    return this.tickets.issue(user);
  }
}
