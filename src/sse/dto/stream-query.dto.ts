import { TextField } from '../../common/validation/api-fields';

export class StreamQueryDto {
  @TextField({
    optional: true,
    example: 'sync.completed,gaps.*',
    description: 'Comma-separated event types or patterns (`*`, `prefix.*`); every type when absent',
    string: 'types must be one comma-separated string',
    maxLength: [2000, 'types must be at most 2000 characters'],
  })
  types?: string;

  @TextField({
    optional: true,
    description: 'A ticket from POST /api/events/stream/ticket, for clients that cannot send headers',
    string: 'ticket must be a string',
  })
  ticket?: string;

  @TextField({
    optional: true,
    example: 'evt_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P',
    description: 'Resume after this event (as the Last-Event-ID header, which wins when both are sent)',
    string: 'last_event_id must be a string',
    maxLength: [200, 'last_event_id must be at most 200 characters'],
  })
  last_event_id?: string;
}
