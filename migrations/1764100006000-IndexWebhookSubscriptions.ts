import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every publish asks "which active webhooks subscribe to any of these patterns" (`events && $1`); a GIN
 * index answers that without reading every webhook once there are many.
 */
export class IndexWebhookSubscriptions1764100006000 implements MigrationInterface {
  name = 'IndexWebhookSubscriptions1764100006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX webhooks_events_gin ON webhooks USING gin (events) WHERE active`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX webhooks_events_gin`);
  }
}
