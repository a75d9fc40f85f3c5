import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WebhookEntity } from '../../webhooks/entities/webhook.entity';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { DELIVERY_CONTEXT_SQL, DeliveryContext, toDeliveryContext } from '../delivery-context';
import { batcher } from './batch-window';

export interface LoadedDelivery {
  delivery: DeliveryContext;
  /** Null when the webhook is gone (its deliveries go with it a moment later). */
  webhook: WebhookEntity | null;
}

/**
 * Loads what attempts need — delivery, event, webhook — for every attempt starting at about the same
 * time in two queries, however many attempts there are.
 */
@Injectable()
export class DeliveryLoader {
  private readonly loader = batcher<string, LoadedDelivery | null>((ids) => this.loadMany(ids));

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksService,
  ) {}

  /** The delivery with its event and webhook, or null when the delivery no longer exists. */
  load(deliveryId: string): Promise<LoadedDelivery | null> {
    return this.loader.load(deliveryId);
  }

  private async loadMany(ids: readonly string[]): Promise<(LoadedDelivery | null)[]> {
    const rows: Record<string, any>[] = await this.db.query(DELIVERY_CONTEXT_SQL, [ids]);
    const deliveries = new Map(rows.map((row) => [row.id as string, toDeliveryContext(row)]));
    const webhookIds = [...new Set([...deliveries.values()].map((d) => d.webhookId))];
    const webhooks = new Map((await this.webhooks.findByIds(webhookIds)).map((w) => [w.id, w]));
    return ids.map((id) => {
      const delivery = deliveries.get(id);
      return delivery ? { delivery, webhook: webhooks.get(delivery.webhookId) ?? null } : null;
    });
  }
}
