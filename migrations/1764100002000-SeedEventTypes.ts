import { MigrationInterface, QueryRunner } from 'typeorm';

const object = (required: string[], properties: Record<string, unknown>) => ({
  type: 'object',
  required,
  properties,
  additionalProperties: true,
});
const userId = { type: 'string', minLength: 1, description: 'The platform user this event concerns' };
const durationS = { type: 'number', minimum: 0, description: 'How long it took, in seconds' };
const version = { type: 'string', minLength: 1, description: 'Extraction version, e.g. "20260301"' };

/** The platform events of docs/API.md §3 plus the two Herald sends itself, each with a JSON Schema for `data`. */
const SEED: { type: string; description: string; schema: Record<string, unknown> }[] = [
  {
    type: 'extraction.started',
    description: 'A data extraction run started',
    schema: object(['version', 'entity_types'], {
      version,
      entity_types: { type: 'array', items: { type: 'string' } },
    }),
  },
  {
    type: 'extraction.completed',
    description: 'A data extraction run finished',
    schema: object(['version', 'record_counts', 'duration_s'], {
      version,
      record_counts: {
        type: 'object',
        additionalProperties: { type: 'integer', minimum: 0 },
        description: 'Records per entity type',
      },
      duration_s: durationS,
    }),
  },
  {
    type: 'sync.completed',
    description: "A user's sync finished",
    schema: object(['user_id', 'items_synced', 'errors', 'duration_s'], {
      user_id: userId,
      items_synced: { type: 'integer', minimum: 0 },
      errors: { type: 'array', description: 'Problems met on the way (strings or objects)' },
      duration_s: durationS,
    }),
  },
  {
    type: 'sync.failed',
    description: "A user's sync failed",
    schema: object(['user_id', 'error_message'], { user_id: userId, error_message: { type: 'string' } }),
  },
  {
    type: 'gaps.updated',
    description: "The gaps in a user's data changed for one entity",
    schema: object(['user_id', 'entity_type', 'entity_id'], {
      user_id: userId,
      entity_type: { type: 'string', minLength: 1 },
      entity_id: { type: 'string', minLength: 1 },
    }),
  },
  {
    type: 'webhook.test',
    description: 'Sent by POST /api/webhooks/{id}/test to check an endpoint',
    schema: object(['webhook_id', 'message'], {
      webhook_id: { type: 'string' },
      message: { type: 'string' },
    }),
  },
  {
    type: 'webhook.disabled',
    description: "Herald disabled one of your webhooks (sent on the owner's stream)",
    schema: object(['webhook_id', 'url', 'name', 'reason', 'disabled_at'], {
      webhook_id: { type: 'string' },
      url: { type: 'string' },
      name: { type: ['string', 'null'] },
      reason: { type: 'string' },
      disabled_at: { type: 'string', format: 'date-time' },
    }),
  },
];

export class SeedEventTypes1764100002000 implements MigrationInterface {
  name = 'SeedEventTypes1764100002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { type, description, schema } of SEED) {
      await queryRunner.query(
        `INSERT INTO event_types (type, description, schema) VALUES ($1, $2, $3) ON CONFLICT (type) DO NOTHING`,
        [type, description, JSON.stringify(schema)],
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM event_types WHERE type = ANY($1)`, [SEED.map((seed) => seed.type)]);
  }
}
