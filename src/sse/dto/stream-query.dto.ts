import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class StreamQueryDto {
  @ApiPropertyOptional({
    example: 'sync.completed,gaps.*',
    description: 'Comma-separated event types or patterns (`*`, `prefix.*`); every type when absent',
  })
  @IsOptional()
  @IsString({ message: 'types must be one comma-separated string' })
  @MaxLength(2000, { message: 'types must be at most 2000 characters' })
  types?: string;

  @ApiPropertyOptional({
    description: 'A ticket from POST /api/events/stream/ticket, for clients that cannot send headers',
  })
  @IsOptional()
  @IsString({ message: 'ticket must be a string' })
  ticket?: string;

  @ApiPropertyOptional({
    example: 'evt_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P',
    description: 'Resume after this event (as the Last-Event-ID header, which wins when both are sent)',
  })
  @IsOptional()
  @IsString({ message: 'last_event_id must be a string' })
  @MaxLength(200, { message: 'last_event_id must be at most 200 characters' })
  last_event_id?: string;
}
