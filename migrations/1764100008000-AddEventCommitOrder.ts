import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The id of the transaction that wrote each event, set by PostgreSQL itself (the publish code does not
 * name the column). Streams order events by (tx, id) and only hand out those whose older transactions
 * have all ended, so that a resume can never skip an event that committed late (docs/SSE.md).
 */
export class AddEventCommitOrder1764100008000 implements MigrationInterface {
  name = 'AddEventCommitOrder1764100008000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    await queryRunner.query(`CREATE INDEX events_tx_id_idx ON events (tx, id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX events_tx_id_idx`);
    await queryRunner.query(`ALTER TABLE events DROP COLUMN tx`);
  }
}
