import { MigrationInterface, QueryRunner } from 'typeorm';

/** How many webhooks an event was fanned out to when it was published (answered again on idempotent replays). */
export class AddEventFanoutCount1764100003000 implements MigrationInterface {
  name = 'AddEventFanoutCount1764100003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events ADD COLUMN fanout_count integer NOT NULL DEFAULT 0`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE events DROP COLUMN fanout_count`);
  }
}
