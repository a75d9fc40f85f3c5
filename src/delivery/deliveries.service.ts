import { successRate } from '../common/success-rate';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { conflict, notFound } from '../common/errors/http-errors';
import { isId } from '../common/ids';
import { Page, toPage } from '../common/pagination/page';
import { WebhooksService } from '../webhooks/webhooks.service';
import {
  DeliveryDetailDto,
  DeliveryDto,
  DeliveryListQueryDto,
  DeliveryStatsDto,
  RecoverResultDto,
  RedeliverResultDto,
} from './dto/delivery.dto';
import { mapDelivery, mapDeliveryDetail } from './dto/delivery.mapper';
import { DeliveryAttemptEntity } from './entities/delivery-attempt.entity';
import { DeliveryEntity } from './entities/delivery.entity';
import { DeliveryProducer } from './queue/delivery-producer';
import { updatedRows } from '../database/updated-rows';

/** The delivery log of a webhook and what its owner may do with it: read, redeliver, recover, stats. */
@Injectable()
export class DeliveriesService {
  constructor(
    @InjectRepository(DeliveryEntity) private readonly deliveries: Repository<DeliveryEntity>,
    @InjectRepository(DeliveryAttemptEntity) private readonly attempts: Repository<DeliveryAttemptEntity>,
    @InjectDataSource() private readonly db: DataSource,
    private readonly webhooks: WebhooksService,
    private readonly producer: DeliveryProducer,
  ) {}

  async list(userId: string, webhookId: string, query: DeliveryListQueryDto): Promise<Page<DeliveryDto>> {
    await this.webhooks.getOwned(userId, webhookId);
    const [rows, total] = await this.deliveries.findAndCount({
      where: {
        webhookId,
        ...(query.status ? { status: query.status } : {}),
        ...(query.event ? { eventType: query.event } : {}),
      },
      // ULID ids sort by creation time.
      order: { id: 'DESC' },
      skip: query.offset,
      take: query.limit,
    });
    return toPage(rows.map(mapDelivery), total, query);
  }

  async get(userId: string, webhookId: string, deliveryId: string): Promise<DeliveryDetailDto> {
    const delivery = await this.getOwnedDelivery(userId, webhookId, deliveryId);
    const attempts = await this.attempts.find({ where: { deliveryId }, order: { attempt: 'ASC' } });
    return mapDeliveryDetail(delivery, attempts);
  }

  /**
   * Sends the same payload again (same `webhook-id`) as a new attempt that starts a fresh retry cycle.
   * A delivery still pending is already on its way: that is a 409, as is a disabled webhook.
   */
  async redeliver(userId: string, webhookId: string, deliveryId: string): Promise<RedeliverResultDto> {
    const webhook = await this.webhooks.getOwned(userId, webhookId);
    await this.getDeliveryOf(webhookId, deliveryId);
    if (!webhook.active)
      throw conflict('The webhook is disabled: re-enable it (PATCH active:true) before redelivering');
    const reopened = await this.reopen(`id = $1 AND webhook_id = $2 AND status <> 'pending'`, [
      deliveryId,
      webhookId,
    ]);
    if (reopened.length === 0)
      throw conflict('The delivery is still pending: its next attempt is already scheduled');
    return { id: deliveryId, status: 'pending', attempt: reopened[0].attempt };
  }

  /** Sends again every failed delivery of the webhook created at or after `since`. */
  async recover(userId: string, webhookId: string, since: Date): Promise<RecoverResultDto> {
    const webhook = await this.webhooks.getOwned(userId, webhookId);
    if (!webhook.active)
      throw conflict('The webhook is disabled: re-enable it (PATCH active:true) before recovering');
    const reopened = await this.reopen(`webhook_id = $1 AND status = 'failed' AND created_at >= $2`, [
      webhookId,
      since,
    ]);
    return { redelivered: reopened.length };
  }

  async stats(userId: string, webhookId: string): Promise<DeliveryStatsDto> {
    await this.webhooks.getOwned(userId, webhookId);
    const [counts] = await this.db.query(
      `SELECT count(*)::int AS total,
              count(*) FILTER (WHERE status = 'success')::int AS success,
              count(*) FILTER (WHERE status = 'failed')::int AS failed,
              count(*) FILTER (WHERE status = 'pending')::int AS pending,
              max(created_at) AS last_triggered_at
       FROM deliveries WHERE webhook_id = $1`,
      [webhookId],
    );
    const [times] = await this.db.query(
      `SELECT avg(a.response_time_ms)::float8 AS avg,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY a.response_time_ms)::float8 AS p95
       FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
       WHERE d.webhook_id = $1 AND a.response_time_ms IS NOT NULL`,
      [webhookId],
    );
    return {
      total: counts.total,
      success: counts.success,
      failed: counts.failed,
      pending: counts.pending,
      success_rate: successRate(counts.success, counts.failed),
      avg_response_time_ms: times.avg === null ? null : Math.round(times.avg),
      p95_response_time_ms: times.p95 === null ? null : Math.round(times.p95),
      last_triggered_at: counts.last_triggered_at ? new Date(counts.last_triggered_at).toISOString() : null,
    };
  }

  private async getOwnedDelivery(
    userId: string,
    webhookId: string,
    deliveryId: string,
  ): Promise<DeliveryEntity> {
    await this.webhooks.getOwned(userId, webhookId);
    return this.getDeliveryOf(webhookId, deliveryId);
  }

  /** A delivery of a webhook whose ownership the caller has already checked. */
  private async getDeliveryOf(webhookId: string, deliveryId: string): Promise<DeliveryEntity> {
    const delivery = isId('dlv', deliveryId)
      ? await this.deliveries.findOneBy({ id: deliveryId, webhookId })
      : null;
    if (!delivery) throw notFound('Delivery');
    return delivery;
  }

  /** Puts finished deliveries back to pending with a new retry cycle and queues their next attempt. */
  private async reopen(where: string, params: unknown[]): Promise<{ id: string; attempt: number }[]> {
    const rows = updatedRows<{ id: string; attempt: number }>(
      await this.db.query(
        `UPDATE deliveries SET status = 'pending', retry_cycle_start = attempt_count + 1, next_attempt_at = now(),
           completed_at = NULL, updated_at = now()
         WHERE ${where}
         RETURNING id, attempt_count + 1 AS attempt`,
        params,
      ),
    );
    // If this enqueue is lost, the rows are pending and due: the sweeper queues them.
    for (let i = 0; i < rows.length; i += 500) {
      await this.producer.enqueueMany(
        rows.slice(i, i + 500).map((row) => ({ deliveryId: row.id, attempt: row.attempt })),
      );
    }
    return rows;
  }
}
