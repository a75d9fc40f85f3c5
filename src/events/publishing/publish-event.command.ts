import { ObjectField, TextField, TextListField } from '../../common/validation/api-fields';
import type { EventDto } from '../dto/event.dto';
import type { EventEntity } from '../entities/event.entity';

/**
 * The one publish command, validated the same way whichever way an event arrives: it is the body of
 * `POST /api/events` (the global ValidationPipe checks it) and what `EventPublisher.publish()` builds and runs
 * through that same pipe. Field names are the API's.
 */
export class PublishEventCommand {
  @TextField({
    example: 'sync.completed',
    description: 'A type from the catalog (GET /api/events/types)',
    string: 'type must be a string such as "sync.completed"',
    length: [1, 200, 'type must be 1 to 200 characters'],
  })
  type: string;

  @ObjectField({
    example: { user_id: 'abc', items_synced: 150, errors: [], duration_s: 12.3 },
    description: "The payload; checked against the type's JSON Schema when it has one",
    object: 'data must be a JSON object',
  })
  data: Record<string, unknown>;

  @TextField({
    optional: true,
    example: 'usr_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P',
    description:
      "The Herald user the event belongs to: only that user's webhooks and streams get it. Omit for a platform-wide event.",
    string: 'user_id must be a Herald user id (usr_…)',
  })
  user_id?: string;

  @TextListField({
    optional: true,
    example: ['eu-west'],
    description: 'Reaches only webhooks whose channels intersect these',
    array: 'channels must be an array of strings',
    maxItems: [50, 'channels may hold at most 50 entries'],
    each: {
      string: 'each channel must be a string',
      length: [1, 64, 'each channel must be 1 to 64 characters'],
    },
  })
  channels?: string[];

  @TextField({
    optional: true,
    example: 'sync-2026-03-01-abc',
    description:
      'The same key from the same publisher within 24 h returns the first event (200) and fans out nothing new',
    string: 'idempotency_key must be a string',
    length: [1, 255, 'idempotency_key must be 1 to 255 characters'],
    pattern: [/^[\x21-\x7e]+$/, 'idempotency_key must be printable ASCII without spaces'],
  })
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
