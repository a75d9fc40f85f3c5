import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The core tables. Ids are text in the "C" collation so that ULID ids compare byte-wise, which makes
 * `id > $lastEventId` (SSE resume) follow creation order.
 */
export class CreateWebhooksEventsDeliveries1764100001000 implements MigrationInterface {
  name = 'CreateWebhooksEventsDeliveries1764100001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE event_types (
        type text COLLATE "C" PRIMARY KEY,
        description text NOT NULL,
        schema jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE webhooks (
        id text COLLATE "C" PRIMARY KEY,
        user_id text COLLATE "C" NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text,
        description text,
        url text NOT NULL,
        events text[] NOT NULL,
        channels text[],
        headers jsonb NOT NULL DEFAULT '{}',
        secret_ciphertext text NOT NULL,
        previous_secret_ciphertext text,
        previous_secret_expires_at timestamptz,
        active boolean NOT NULL DEFAULT true,
        disabled_reason text,
        rate_limit_per_second integer CHECK (rate_limit_per_second > 0),
        consecutive_failures integer NOT NULL DEFAULT 0,
        success_count bigint NOT NULL DEFAULT 0,
        failure_count bigint NOT NULL DEFAULT 0,
        last_triggered_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX webhooks_user_id_idx ON webhooks (user_id, id)`);
    await queryRunner.query(`CREATE INDEX webhooks_active_idx ON webhooks (id) WHERE active`);

    await queryRunner.query(`
      CREATE TABLE events (
        id text COLLATE "C" PRIMARY KEY,
        type text COLLATE "C" NOT NULL,
        user_id text COLLATE "C",
        channels text[],
        data jsonb NOT NULL,
        publisher_id text COLLATE "C",
        idempotency_key text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX events_created_at_idx ON events (created_at)`);
    await queryRunner.query(`CREATE INDEX events_user_id_idx ON events (user_id, id)`);
    await queryRunner.query(`CREATE INDEX events_type_idx ON events (type, id)`);
    await queryRunner.query(
      `CREATE INDEX events_idempotency_idx ON events (publisher_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
    );

    await queryRunner.query(`
      CREATE TABLE deliveries (
        id text COLLATE "C" PRIMARY KEY,
        event_id text COLLATE "C" NOT NULL REFERENCES events (id) ON DELETE CASCADE,
        webhook_id text COLLATE "C" NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
        event_type text COLLATE "C" NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'success', 'failed')),
        attempt_count integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_status_code integer,
        last_response_time_ms integer,
        last_error text,
        payload_size_bytes integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX deliveries_webhook_idx ON deliveries (webhook_id, id)`);
    await queryRunner.query(`CREATE INDEX deliveries_event_idx ON deliveries (event_id)`);
    await queryRunner.query(
      `CREATE INDEX deliveries_due_idx ON deliveries (next_attempt_at) WHERE status = 'pending'`,
    );

    await queryRunner.query(`
      CREATE TABLE delivery_attempts (
        id text COLLATE "C" PRIMARY KEY,
        delivery_id text COLLATE "C" NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
        attempt integer NOT NULL,
        status_code integer,
        response_time_ms integer,
        response_body text,
        error text,
        request_headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      `CREATE INDEX delivery_attempts_delivery_idx ON delivery_attempts (delivery_id, attempt)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE delivery_attempts`);
    await queryRunner.query(`DROP TABLE deliveries`);
    await queryRunner.query(`DROP TABLE events`);
    await queryRunner.query(`DROP TABLE webhooks`);
    await queryRunner.query(`DROP TABLE event_types`);
  }
}
