import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';

import type { EventDto } from '../dto/event.dto';
import type { EventEntity } from '../entities/event.entity';

/**
 * The one publish command, validated the same way whichever way an event arrives: it is the body of
 * `POST /api/events` (the global ValidationPipe checks it) and what `EventPublisher.publish()` builds and runs
 * through that same pipe. Field names are the API's.
 */
export class PublishEventCommand {
  @ApiProperty({ example: 'sync.completed', description: 'A type from the catalog (GET /api/events/types)' })
  @IsString({ message: 'type must be a string such as "sync.completed"' })
  @Length(1, 200, { message: 'type must be 1 to 200 characters' })
  type: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { user_id: 'abc', items_synced: 150, errors: [], duration_s: 12.3 },
    description: "The payload; checked against the type's JSON Schema when it has one",
  })
  @IsObject({ message: 'data must be a JSON object' })
  data: Record<string, unknown>;

  @ApiPropertyOptional({
    example: 'usr_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P',
    description:
      "The Herald user the event belongs to: only that user's webhooks and streams get it. Omit for a platform-wide event.",
  })
  @IsOptional()
  @IsString({ message: 'user_id must be a Herald user id (usr_…)' })
  user_id?: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['eu-west'],
    description: 'Reaches only webhooks whose channels intersect these',
  })
  @IsOptional()
  @IsArray({ message: 'channels must be an array of strings' })
  @ArrayMaxSize(50, { message: 'channels may hold at most 50 entries' })
  @IsString({ each: true, message: 'each channel must be a string' })
  @Length(1, 64, { each: true, message: 'each channel must be 1 to 64 characters' })
  channels?: string[];

  @ApiPropertyOptional({
    example: 'sync-2026-03-01-abc',
    description:
      'The same key from the same publisher within 24 h returns the first event (200) and fans out nothing new',
  })
  @IsOptional()
  @IsString({ message: 'idempotency_key must be a string' })
  @Length(1, 255, { message: 'idempotency_key must be 1 to 255 characters' })
  @Matches(/^[\x21-\x7e]+$/, { message: 'idempotency_key must be printable ASCII without spaces' })
  idempotency_key?: string;
}

/** What the use case runs: a validated command, with camel-cased names, and who published it. */
export interface PublishEventInput {
  type: string;
  data: Record<string, unknown>;
  /** The Herald user the event belongs to; null or absent for a platform-wide event. */
  userId?: string | null;
  channels?: string[] | null;
  idempotencyKey?: string | null;
  /** Who published: a user id for HTTP publishers, null for Herald itself and in-process publishers. */
  publisherId?: string | null;
}

/** The use case's answer, inside the events module (it still holds the row). */
export interface PublishEventResult {
  event: EventEntity;
  /** How many webhooks it was fanned out to. */
  deliveries: number;
  /** True when an earlier event with the same idempotency key was returned instead. */
  replayed: boolean;
}

/** What every publisher gets back, HTTP or in-process: the event as the API shows it, its fan-out, and whether it was a repeat. */
export interface PublishOutcome {
  event: EventDto;
  /** How many webhooks it was fanned out to. */
  deliveries: number;
  /** True when an earlier event with the same idempotency key was returned instead (HTTP answers 200, not 202). */
  replayed: boolean;
}
