import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../common/ids';
import { preparedQuery } from '../database/prepared-query';
import { updatedRows } from '../database/updated-rows';
import { DeliveryAttemptEntity } from './entities/delivery-attempt.entity';
import { DeliveryEntity, DeliveryStatus } from './entities/delivery.entity';

/** One pending delivery to insert with its event (the outbox). */
export interface NewDelivery {
  eventId: string;
  webhookId: string;
  eventType: string;
  payloadSizeBytes: number;
}

/** A delivery leased for one attempt, with the stored event its body is built from. */
export interface LeasedDelivery {
  id: string;
  webhookId: string;
  attemptCount: number;
  retryCycleStart: number;
  event: { id: string; type: string; data: Record<string, unknown>; createdAt: Date };
}

/** The outcome of one attempt, as it is written to `deliveries` and `delivery_attempts`. */
export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  status: DeliveryStatus;
  statusCode: number | null;
  responseTimeMs: number;
  responseBody: string | null;
  error: string | null;
  requestHeaders: Record<string, string>;
  nextAttemptAt: Date | null;
  completedAt: Date | null;
}

export interface DeliveryListFilter {
  status?: DeliveryStatus;
  eventType?: string;
  offset: number;
  limit: number;
}

export interface DeliveryCounts {
  total: number;
  success: number;
  failed: number;
  pending: number;
  lastTriggeredAt: Date | null;
  avgResponseTimeMs: number | null;
  p95ResponseTimeMs: number | null;
}

/**
 * Takes due deliveries of each requested webhook (its "mailbox"), oldest due first, and leases them: while
 * `leased_until` is ahead no one else takes them, and if the worker dies they are due again once it passes.
 * SKIP LOCKED lets two workers ask at once without waiting on each other. The circuit is read in the
 * same statement: an open circuit takes nothing, a half-open one one probe.
 */
const LEASE_DUE_SQL = `
  WITH picked AS (
    SELECT d.id FROM unnest($1::text[], $2::int[]) AS m(webhook_id, lim)
    JOIN webhooks w ON w.id = m.webhook_id
    CROSS JOIN LATERAL (
      SELECT d.id FROM deliveries d
      WHERE d.webhook_id = m.webhook_id AND d.status = 'pending' AND d.next_attempt_at <= now()
        AND (d.leased_until IS NULL OR d.leased_until < now())
      ORDER BY d.next_attempt_at, d.id
      LIMIT CASE WHEN w.circuit_open_until IS NULL THEN m.lim
                 WHEN w.circuit_open_until <= now() THEN least(m.lim, 1) ELSE 0 END
      FOR UPDATE OF d SKIP LOCKED
    ) d
  )
  UPDATE deliveries d SET leased_until = now() + make_interval(secs => $3::float8 / 1000)
  FROM picked p, events e
  WHERE d.id = p.id AND e.id = d.event_id
  RETURNING d.id, d.webhook_id, d.attempt_count, d.retry_cycle_start,
            e.id AS event_id, e.type AS event_type, e.data AS event_data, e.created_at AS event_created_at`;

/**
 * Records every attempt finishing at about the same time in ONE statement (atomic by itself): each
 * delivery row moves on and gives up its lease, and its attempt row is inserted, only if it is still
 * pending at the previous attempt; a duplicate or stale attempt records nothing and learns so.
 */
const RECORD_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::text[],
                         $8::text[], $9::jsonb[], $10::timestamptz[], $11::timestamptz[])
      AS t(attempt_id, delivery_id, attempt, status, status_code, response_time_ms, response_body,
           error, request_headers, next_attempt_at, completed_at)
  ), moved AS (
    UPDATE deliveries d SET status = i.status, attempt_count = i.attempt, last_status_code = i.status_code,
           last_response_time_ms = i.response_time_ms, last_error = i.error, next_attempt_at = i.next_attempt_at,
           completed_at = i.completed_at, leased_until = NULL, updated_at = now()
    FROM input i
    WHERE d.id = i.delivery_id AND d.status = 'pending' AND d.attempt_count = i.attempt - 1
    RETURNING d.id
  )
  INSERT INTO delivery_attempts (id, delivery_id, attempt, status_code, response_time_ms, response_body, error, request_headers)
  SELECT i.attempt_id, i.delivery_id, i.attempt, i.status_code, i.response_time_ms, i.response_body, i.error, i.request_headers
  FROM input i JOIN moved m ON m.id = i.delivery_id
  RETURNING delivery_id`;

const NEXT_DUE_SQL = `
  SELECT m.webhook_id, (
    SELECT min(greatest(d.next_attempt_at, coalesce(d.leased_until, d.next_attempt_at)))
    FROM deliveries d WHERE d.webhook_id = m.webhook_id AND d.status = 'pending') AS at
  FROM unnest($1::text[]) AS m(webhook_id)`;

/**
 * Every statement on `deliveries` and `delivery_attempts`: the state machine of a delivery
 * (pending → leased for an attempt → pending again with a retry time, or success/failed) and its log.
 */
@Injectable()
export class DeliveryRepository {
  private readonly leaseDueQuery;
  private readonly recordQuery;
  private readonly nextDueQuery;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.leaseDueQuery = preparedQuery<Record<string, any>>(db, 'herald_lease_due', LEASE_DUE_SQL);
    this.recordQuery = preparedQuery<{ delivery_id: string }>(db, 'herald_record', RECORD_SQL);
    this.nextDueQuery = preparedQuery<{ webhook_id: string; at: Date | null }>(
      db,
      'herald_next_due',
      NEXT_DUE_SQL,
    );
  }

  /** The outbox: pending deliveries inserted in the publisher's transaction; ids in input order. */
  async insertPending(manager: EntityManager, rows: readonly NewDelivery[]): Promise<string[]> {
    if (rows.length === 0) return [];
    const ids = rows.map(() => newId('dlv'));
    await manager.query(
      `INSERT INTO deliveries (id, event_id, webhook_id, event_type, status, attempt_count, next_attempt_at, payload_size_bytes)
       SELECT id, event_id, webhook_id, event_type, 'pending', 0, now(), size
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) AS t(id, event_id, webhook_id, event_type, size)`,
      [
        ids,
        rows.map((r) => r.eventId),
        rows.map((r) => r.webhookId),
        rows.map((r) => r.eventType),
        rows.map((r) => r.payloadSizeBytes),
      ],
    );
    return ids;
  }

  /** Leases up to `limit` due deliveries of each webhook for `leaseMs` (see LEASE_DUE_SQL). */
  async leaseDue(
    requests: ReadonlyArray<{ webhookId: string; limit: number }>,
    leaseMs: number,
  ): Promise<LeasedDelivery[]> {
    if (requests.length === 0) return [];
    const rows = await this.leaseDueQuery([
      requests.map((r) => r.webhookId),
      requests.map((r) => r.limit),
      leaseMs,
    ]);
    return rows.map((row) => ({
      id: row.id,
      webhookId: row.webhook_id,
      attemptCount: row.attempt_count,
      retryCycleStart: row.retry_cycle_start,
      event: {
        id: row.event_id,
        type: row.event_type,
        data: row.event_data,
        createdAt: row.event_created_at,
      },
    }));
  }

  /**
   * When each webhook's mailbox next has something to do: the earliest moment a pending delivery is due
   * and not leased (null when nothing is pending).
   */
  async nextDue(webhookIds: readonly string[]): Promise<Map<string, Date | null>> {
    const rows = await this.nextDueQuery([webhookIds]);
    return new Map(rows.map((row) => [row.webhook_id, row.at]));
  }

  /** Records a batch of attempts; true per record that moved its delivery on (see RECORD_SQL). */
  async recordAttempts(batch: readonly AttemptRecord[]): Promise<boolean[]> {
    // The same delivery twice in one batch can match only once: send the first; the others are
    // "already recorded" without asking.
    const first = new Map<string, AttemptRecord>();
    for (const record of batch) if (!first.has(record.deliveryId)) first.set(record.deliveryId, record);
    const records = [...first.values()];
    const rows = await this.recordQuery([
      records.map(() => newId('att')),
      records.map((r) => r.deliveryId),
      records.map((r) => r.attempt),
      records.map((r) => r.status),
      records.map((r) => r.statusCode),
      records.map((r) => r.responseTimeMs),
      records.map((r) => r.responseBody),
      records.map((r) => r.error),
      records.map((r) => JSON.stringify(r.requestHeaders)),
      records.map((r) => r.nextAttemptAt),
      records.map((r) => r.completedAt),
    ]);
    const recorded = new Set(rows.map((row) => row.delivery_id));
    return batch.map((record) => first.get(record.deliveryId) === record && recorded.has(record.deliveryId));
  }

  /** Gives leases back without an attempt (a rate-limit wait): due again at `dueAt`. */
  async release(deliveryIds: readonly string[], dueAt: Date): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.db.query(
      `UPDATE deliveries SET leased_until = NULL, next_attempt_at = greatest(next_attempt_at, $2)
       WHERE id = ANY($1) AND status = 'pending'`,
      [deliveryIds, dueAt],
    );
  }

  /** Fails pending deliveries without sending (their webhook was switched off); returns how many. */
  async failWithoutAttempt(deliveryIds: readonly string[], reason: string): Promise<number> {
    if (deliveryIds.length === 0) return 0;
    return updatedRows(
      await this.db.query(
        `UPDATE deliveries SET status = 'failed', last_error = $2, next_attempt_at = NULL, leased_until = NULL,
           completed_at = now(), updated_at = now()
         WHERE id = ANY($1) AND status = 'pending' RETURNING id`,
        [deliveryIds, reason],
      ),
    ).length;
  }

  /**
   * Puts finished deliveries back to pending, due now, with a new retry cycle (redeliver, recover).
   * `where` is a fixed condition of this class's callers, never user input.
   */
  private async reopen(where: string, params: unknown[]): Promise<{ id: string; attempt: number }[]> {
    return updatedRows<{ id: string; attempt: number }>(
      await this.db.query(
        `UPDATE deliveries SET status = 'pending', retry_cycle_start = attempt_count + 1, next_attempt_at = now(),
           leased_until = NULL, completed_at = NULL, updated_at = now()
         WHERE ${where}
         RETURNING id, attempt_count + 1 AS attempt`,
        params,
      ),
    );
  }

  /** Reopens one finished delivery of the webhook; empty when it is pending (or not there). */
  reopenOne(webhookId: string, deliveryId: string) {
    return this.reopen(`id = $1 AND webhook_id = $2 AND status <> 'pending'`, [deliveryId, webhookId]);
  }

  /** Reopens every failed delivery of the webhook created at or after `since`. */
  reopenFailedSince(webhookId: string, since: Date) {
    return this.reopen(`webhook_id = $1 AND status = 'failed' AND created_at >= $2`, [webhookId, since]);
  }

  /**
   * Webhooks whose mailbox has a delivery overdue by more than `graceMs` and not leased: their mailbox
   * job should be running by now (for the sweeper), oldest overdue first.
   */
  async overdueWebhooks(graceMs: number, limit: number): Promise<{ webhookId: string; dueAt: Date }[]> {
    const rows: { webhook_id: string; due_at: Date }[] = await this.db.query(
      `SELECT webhook_id, min(next_attempt_at) AS due_at FROM (
         SELECT webhook_id, next_attempt_at FROM deliveries
         WHERE status = 'pending' AND next_attempt_at < now() - make_interval(secs => $1::float8 / 1000)
           AND (leased_until IS NULL OR leased_until < now())
         ORDER BY next_attempt_at LIMIT $2 * 20) overdue
       GROUP BY webhook_id ORDER BY min(next_attempt_at) LIMIT $2`,
      [graceMs, limit],
    );
    return rows.map((row) => ({ webhookId: row.webhook_id, dueAt: row.due_at }));
  }

  // ---- the delivery log (routes) ----------------------------------------------------------------

  async list(webhookId: string, filter: DeliveryListFilter): Promise<[DeliveryEntity[], number]> {
    return this.db.getRepository(DeliveryEntity).findAndCount({
      where: {
        webhookId,
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.eventType ? { eventType: filter.eventType } : {}),
      },
      // ULID ids sort by creation time.
      order: { id: 'DESC' },
      skip: filter.offset,
      take: filter.limit,
    });
  }

  findOfWebhook(webhookId: string, deliveryId: string): Promise<DeliveryEntity | null> {
    return this.db.getRepository(DeliveryEntity).findOneBy({ id: deliveryId, webhookId });
  }

  attemptsOf(deliveryId: string): Promise<DeliveryAttemptEntity[]> {
    return this.db
      .getRepository(DeliveryAttemptEntity)
      .find({ where: { deliveryId }, order: { attempt: 'ASC' } });
  }

  async counts(webhookId: string): Promise<DeliveryCounts> {
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
      lastTriggeredAt: counts.last_triggered_at ? new Date(counts.last_triggered_at) : null,
      avgResponseTimeMs: times.avg === null ? null : Math.round(times.avg),
      p95ResponseTimeMs: times.p95 === null ? null : Math.round(times.p95),
    };
  }
}
