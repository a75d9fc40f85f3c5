import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { WebhookEntity } from './entities/webhook.entity';

/** What a new webhook starts with; the counters, timestamps and disabled state get their initial values here. */
export type NewWebhook = Pick<
  WebhookEntity,
  | 'id'
  | 'userId'
  | 'name'
  | 'description'
  | 'url'
  | 'events'
  | 'channels'
  | 'headers'
  | 'secretCiphertext'
  | 'active'
  | 'rateLimitPerSecond'
>;

export type SecretChange = Pick<
  WebhookEntity,
  'secretCiphertext' | 'previousSecretCiphertext' | 'previousSecretExpiresAt'
>;

/**
 * The statements behind the `/api/webhooks` routes. (What the delivery engine reads and writes about
 * webhooks is still in WebhooksService, being reworked with the engine.)
 */
@Injectable()
export class WebhooksRepository {
  constructor(@InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>) {}

  /**
   * Inserts the webhook unless its owner has `limit` already: the new row, or how many they have. The
   * check and the insert run under a per-user advisory lock, so two racing creates cannot both pass it.
   */
  insertWithinLimit(webhook: NewWebhook, limit: number): Promise<{ row: WebhookEntity } | { count: number }> {
    return this.webhooks.manager.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `herald:webhooks:${webhook.userId}`,
      ]);
      const count = await manager.count(WebhookEntity, { where: { userId: webhook.userId } });
      if (count >= limit) return { count };
      const row = manager.create(WebhookEntity, {
        ...webhook,
        previousSecretCiphertext: null,
        previousSecretExpiresAt: null,
        disabledReason: null,
        consecutiveFailures: 0,
        successCount: 0,
        failureCount: 0,
        lastTriggeredAt: null,
      });
      return { row: await manager.save(row) };
    });
  }

  /** One page of a user's webhooks, newest first, and the total. */
  pageOf(userId: string, offset: number, limit: number): Promise<[WebhookEntity[], number]> {
    return this.webhooks.findAndCount({
      where: { userId },
      order: { id: 'DESC' },
      skip: offset,
      take: limit,
    });
  }

  findOwned(userId: string, id: string): Promise<WebhookEntity | null> {
    return this.webhooks.findOneBy({ id, userId });
  }

  /** Writes the changed fields of a row read with `findOwned`. */
  save(row: WebhookEntity): Promise<WebhookEntity> {
    return this.webhooks.save(row);
  }

  /** Deliveries (and their attempts) cascade. */
  async delete(id: string): Promise<void> {
    await this.webhooks.delete({ id });
  }

  async changeSecrets(id: string, change: SecretChange): Promise<void> {
    await this.webhooks.update({ id }, change);
  }
}
