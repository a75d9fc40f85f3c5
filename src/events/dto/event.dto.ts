import { ApiProperty } from '@nestjs/swagger';

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
