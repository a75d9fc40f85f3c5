import { ApiProperty } from '@nestjs/swagger';
import { ObjectField, TextField } from '../../common/validation/api-fields';
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
  @TextField({
    example: 'invoice.paid',
    description: 'Lowercase segment.segment[.segment]',
    string: 'type must be a string',
    pattern: [EVENT_TYPE_REGEX, 'type must be lowercase segment.segment[.segment], e.g. invoice.paid'],
  })
  type: string;

  @TextField({
    example: 'An invoice was paid',
    string: 'description must be a string',
    length: [1, 1000, 'description must be 1 to 1000 characters'],
  })
  description: string;

  @ObjectField({
    optional: true,
    description: 'A JSON Schema (draft-07) for the event data',
    example: { type: 'object', required: ['invoice_id'], properties: { invoice_id: { type: 'string' } } },
    object: 'schema must be a JSON object (a JSON Schema)',
  })
  schema?: JsonSchema;
}
