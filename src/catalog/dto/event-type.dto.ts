import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Length, Matches } from 'class-validator';
import { EVENT_TYPE_REGEX } from '../type-pattern';
import type { JsonSchema } from '../entities/event-type.entity';

export class EventTypeDto {
  @ApiProperty({ example: 'sync.completed' }) type: string;
  @ApiProperty({ example: 'A user sync finished' }) description: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description:
      'JSON Schema that the data of events of this type must satisfy; null when any object is accepted',
  })
  schema: JsonSchema | null;
}

export class CreateEventTypeDto {
  @ApiProperty({ example: 'invoice.paid', description: 'Lowercase segment.segment[.segment]' })
  @IsString({ message: 'type must be a string' })
  @Matches(EVENT_TYPE_REGEX, {
    message: 'type must be lowercase segment.segment[.segment], e.g. invoice.paid',
  })
  type: string;

  @ApiProperty({ example: 'An invoice was paid', maxLength: 1000 })
  @IsString({ message: 'description must be a string' })
  @Length(1, 1000, { message: 'description must be 1 to 1000 characters' })
  description: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'A JSON Schema (draft-07) for the event data',
    example: { type: 'object', required: ['invoice_id'], properties: { invoice_id: { type: 'string' } } },
  })
  @IsOptional()
  @IsObject({ message: 'schema must be a JSON object (a JSON Schema)' })
  schema?: JsonSchema;
}
