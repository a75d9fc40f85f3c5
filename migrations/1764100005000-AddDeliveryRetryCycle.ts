import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The attempt number that opened a delivery's current retry cycle. A redelivery starts a new cycle, so it
 * gets the whole retry schedule again while `attempt_count` keeps counting every attempt ever made.
 */
export class AddDeliveryRetryCycle1764100005000 implements MigrationInterface {
  name = 'AddDeliveryRetryCycle1764100005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries ADD COLUMN retry_cycle_start integer NOT NULL DEFAULT 1`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE deliveries DROP COLUMN retry_cycle_start`);
  }
}
