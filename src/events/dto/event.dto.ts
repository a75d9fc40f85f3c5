import { ApiProperty } from '@nestjs/swagger';
import type { EventEntity } from '../entities/event.entity';
import type { PublishOutcome } from '../publishing/publish-event.command';

export class EventDto {
  @ApiProperty({ example: 'evt_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P' }) id: string;
  @ApiProperty({ example: 'sync.completed' }) type: string;
  @ApiProperty({ type: String, nullable: true, description: 'Owner; null for platform-wide events' })
  user_id: string | null;
  @ApiProperty({ type: [String], nullable: true }) channels: string[] | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class PublishedEventDto extends EventDto {
  @ApiProperty({ example: 3, description: 'How many webhooks the event was fanned out to' })
  deliveries: number;
}

export function mapEvent(event: EventEntity): EventDto {
  return {
    id: event.id,
    type: event.type,
    user_id: event.userId,
    channels: event.channels,
    data: event.data,
    created_at: event.createdAt.toISOString(),
  };
}

/** The body of `POST /api/events`: the event and how many webhooks it was fanned out to. */
export const mapPublishOutcome = (outcome: PublishOutcome): PublishedEventDto => ({
  ...outcome.event,
  deliveries: outcome.deliveries,
});
