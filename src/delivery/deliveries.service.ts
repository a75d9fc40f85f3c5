import { Injectable } from '@nestjs/common';
import { conflict, notFound } from '../common/errors/http-errors';
import { isId } from '../common/ids';
import { Page, toPage } from '../common/pagination/page';
import { successRate } from '../common/success-rate';
import { DeliveryTargets } from '../webhooks/targets/delivery-targets.service';
import { DeliveryRepository } from './delivery.repository';
import {
  DeliveryDetailDto,
  DeliveryDto,
  DeliveryListQueryDto,
  DeliveryStatsDto,
  RecoverResultDto,
  RedeliverResultDto,
} from './dto/delivery.dto';
import { mapDelivery, mapDeliveryDetail } from './dto/delivery.mapper';
import { DeliveryEntity } from './entities/delivery.entity';
import { MailboxNotifier } from './mailbox/mailbox-notifier';

/** The delivery log of a webhook and what its owner may do with it: read, redeliver, recover, stats. */
@Injectable()
export class DeliveriesService {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly targets: DeliveryTargets,
    private readonly notifier: MailboxNotifier,
  ) {}

  async list(userId: string, webhookId: string, query: DeliveryListQueryDto): Promise<Page<DeliveryDto>> {
    await this.targets.getOwned(userId, webhookId);
    const [rows, total] = await this.deliveries.list(webhookId, {
      status: query.status,
      eventType: query.event,
      offset: query.offset,
      limit: query.limit,
    });
    return toPage(rows.map(mapDelivery), total, query);
  }

  async get(userId: string, webhookId: string, deliveryId: string): Promise<DeliveryDetailDto> {
    await this.targets.getOwned(userId, webhookId);
    const delivery = await this.getDeliveryOf(webhookId, deliveryId);
    return mapDeliveryDetail(delivery, await this.deliveries.attemptsOf(deliveryId));
  }

  /**
   * Sends the same payload again (same `webhook-id`) as a new attempt that starts a fresh retry cycle.
   * A delivery still pending is already on its way: that is a 409, as is a disabled webhook.
   */
  async redeliver(userId: string, webhookId: string, deliveryId: string): Promise<RedeliverResultDto> {
    const target = await this.targets.getOwned(userId, webhookId);
    await this.getDeliveryOf(webhookId, deliveryId);
    if (!target.active)
      throw conflict('The webhook is disabled: re-enable it (PATCH active:true) before redelivering');
    const reopened = await this.deliveries.reopenOne(webhookId, deliveryId);
    if (reopened.length === 0)
      throw conflict('The delivery is still pending: its next attempt is already scheduled');
    await this.notify(webhookId);
    return { id: deliveryId, status: 'pending', attempt: reopened[0].attempt };
  }

  /** Sends again every failed delivery of the webhook created at or after `since`. */
  async recover(userId: string, webhookId: string, since: Date): Promise<RecoverResultDto> {
    const target = await this.targets.getOwned(userId, webhookId);
    if (!target.active)
      throw conflict('The webhook is disabled: re-enable it (PATCH active:true) before recovering');
    const reopened = await this.deliveries.reopenFailedSince(webhookId, since);
    if (reopened.length) await this.notify(webhookId);
    return { redelivered: reopened.length };
  }

  async stats(userId: string, webhookId: string): Promise<DeliveryStatsDto> {
    await this.targets.getOwned(userId, webhookId);
    const counts = await this.deliveries.counts(webhookId);
    return {
      total: counts.total,
      success: counts.success,
      failed: counts.failed,
      pending: counts.pending,
      success_rate: successRate(counts.success, counts.failed),
      avg_response_time_ms: counts.avgResponseTimeMs,
      p95_response_time_ms: counts.p95ResponseTimeMs,
      last_triggered_at: counts.lastTriggeredAt?.toISOString() ?? null,
    };
  }

  /** A delivery of a webhook whose ownership the caller has already checked. */
  private async getDeliveryOf(webhookId: string, deliveryId: string): Promise<DeliveryEntity> {
    const delivery = isId('dlv', deliveryId)
      ? await this.deliveries.findOfWebhook(webhookId, deliveryId)
      : null;
    if (!delivery) throw notFound('Delivery');
    return delivery;
  }

  /** If this notice is lost, the rows are pending and due: the sweeper queues the mailbox. */
  private async notify(webhookId: string): Promise<void> {
    await this.notifier.notify([webhookId]).catch(() => undefined);
  }
}
