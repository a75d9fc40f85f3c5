import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The second-generation delivery engine (docs/DELIVERY.md):
 * - `deliveries.leased_until`: set while one worker holds the delivery for an attempt, so no other worker
 *   can start a second one; an expired lease (a killed worker) makes the delivery due again by itself.
 *   It is not indexed, so taking and renewing a lease are HOT updates (fillfactor leaves room for them).
 * - `deliveries (webhook_id, next_attempt_at) WHERE pending`: each webhook's "mailbox" is read through it.
 * - the circuit breaker's state on the webhook, shown in the webhook resource.
 */
export class DeliveryMailboxesAndCircuit1764100007000 implements MigrationInterface {
  name = 'DeliveryMailboxesAndCircuit1764100007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries ADD COLUMN leased_until timestamptz`);
    await queryRunner.query(`ALTER TABLE deliveries SET (fillfactor = 80)`);
    await queryRunner.query(
      `CREATE INDEX deliveries_mailbox_idx ON deliveries (webhook_id, next_attempt_at, id) WHERE status = 'pending'`,
    );
    await queryRunner.query(`
      ALTER TABLE webhooks
        ADD COLUMN circuit_failures integer NOT NULL DEFAULT 0,
        ADD COLUMN circuit_opens integer NOT NULL DEFAULT 0,
        ADD COLUMN circuit_open_until timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE webhooks DROP COLUMN circuit_failures, DROP COLUMN circuit_opens, DROP COLUMN circuit_open_until`,
    );
    await queryRunner.query(`DROP INDEX deliveries_mailbox_idx`);
    await queryRunner.query(`ALTER TABLE deliveries RESET (fillfactor)`);
    await queryRunner.query(`ALTER TABLE deliveries DROP COLUMN leased_until`);
  }
}
