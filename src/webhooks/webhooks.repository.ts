import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { updatedRows } from '../database/updated-rows';
import { CircuitReport } from './targets/delivery-target';
import { TargetRow } from './targets/target-rows';
import { WebhookEntity } from './entities/webhook.entity';

/** The columns of a TargetRow. */
const TARGET_COLUMNS = `id, user_id, name, url, headers, active, rate_limit_per_second, secret_ciphertext,
  previous_secret_ciphertext, previous_secret_expires_at, circuit_failures, circuit_opens, circuit_open_until`;

const SUCCESSES_SQL = `
  UPDATE webhooks w SET success_count = w.success_count + s.n, consecutive_failures = 0,
    last_triggered_at = GREATEST(w.last_triggered_at, s.at)
  FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS s(id, n, at)
  WHERE w.id = s.id`;

/**
 * Active webhooks that should get an event: a pattern matches the type (one array overlap, answered by
 * the GIN index on `events`), the event is in scope (platform-wide, or the webhook's owner), and the
 * channels intersect when the webhook has any. Many events are matched in ONE statement (a publish batch).
 * Patterns travel space-separated (a type has no spaces) so that the overlap stays an index condition.
 */
const SUBSCRIBERS_SQL = `
  SELECT e.i, w.id
  FROM unnest($1::int[], $2::text[], $3::text[], $4::jsonb[]) AS e(i, user_id, patterns, channels)
  CROSS JOIN LATERAL (
    SELECT w.id FROM webhooks w
    WHERE w.active AND w.events && string_to_array(e.patterns, ' ')
      AND (e.user_id IS NULL OR w.user_id = e.user_id)
      AND (w.channels IS NULL OR cardinality(w.channels) = 0
           OR (e.channels IS NOT NULL
               AND w.channels && ARRAY(SELECT jsonb_array_elements_text(e.channels))))
  ) w
  ORDER BY e.i, w.id`;

/** One event as the subscriber match reads it: every pattern that matches its type, its scope and channels. */
export interface SubscriberMatch {
  userId: string | null;
  patterns: string[];
  channels: string[] | null;
}

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
 * Every statement on the `webhooks` table: the routes' reads and writes, the subscriber match of the
 * publish path, and the delivery state the engine reads and reports (targets, outcomes, circuits).
 */
@Injectable()
export class WebhooksRepository {
  private readonly targetsQuery;
  private readonly successesQuery;

  constructor(@InjectRepository(WebhookEntity) private readonly webhooks: Repository<WebhookEntity>) {
    // Prepared: these run for every delivery batch (see database/prepared-query.ts).
    const db = webhooks.manager.connection;
    this.targetsQuery = preparedQuery<TargetRow>(
      db,
      'herald_targets',
      `SELECT ${TARGET_COLUMNS} FROM webhooks WHERE id = ANY($1)`,
    );
    this.successesQuery = preparedQuery(db, 'herald_successes', SUCCESSES_SQL);
  }

  // ---- the routes ---------------------------------------------------------------------------------

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

  // ---- the publish path ---------------------------------------------------------------------------

  /** The subscribers' ids of each event, in input order; inside the caller's transaction when given. */
  async subscribersOf(events: readonly SubscriberMatch[], manager?: EntityManager): Promise<string[][]> {
    const found: string[][] = events.map(() => []);
    if (events.length === 0) return found;
    const rows: { i: number; id: string }[] = await (manager ?? this.webhooks.manager).query(
      SUBSCRIBERS_SQL,
      [
        events.map((_, i) => i),
        events.map((e) => e.userId),
        events.map((e) => e.patterns.join(' ')),
        events.map((e) => (e.channels?.length ? JSON.stringify(e.channels) : null)),
      ],
    );
    for (const row of rows) found[row.i].push(row.id);
    return found;
  }

  // ---- delivery state -----------------------------------------------------------------------------

  targetRows(ids: readonly string[]): Promise<TargetRow[]> {
    return this.targetsQuery([ids]);
  }

  async ownedTargetRow(userId: string, id: string): Promise<TargetRow | null> {
    const rows: TargetRow[] = await this.webhooks.query(
      `SELECT ${TARGET_COLUMNS} FROM webhooks WHERE id = $1 AND user_id = $2`,
      [id, userId],
    );
    return rows[0] ?? null;
  }

  /** Per webhook (ids sorted, so that concurrent batches lock in one order): successes, latest time. */
  async addSuccesses(ids: readonly string[], counts: readonly number[], ats: readonly Date[]): Promise<void> {
    await this.successesQuery([ids, counts, ats]);
  }

  /**
   * Counts a final failure in one atomic statement, disabling the webhook (with `reason`) at `threshold`
   * in a row. The row is locked first so that two workers finishing at once cannot both flip it; `flipped`
   * says whether this call did.
   */
  async addFinalFailure(
    webhookId: string,
    at: Date,
    threshold: number,
    reason: string,
  ): Promise<(TargetRow & { flipped: boolean }) | null> {
    const rows: (TargetRow & { flipped: boolean })[] = await this.webhooks.query(
      `WITH old AS (SELECT id, active FROM webhooks WHERE id = $1 FOR UPDATE),
       updated AS (UPDATE webhooks w SET
         failure_count = w.failure_count + 1,
         consecutive_failures = w.consecutive_failures + 1,
         active = CASE WHEN w.active AND w.consecutive_failures + 1 >= $3 THEN false ELSE w.active END,
         disabled_reason = CASE WHEN w.active AND w.consecutive_failures + 1 >= $3 THEN $4 ELSE w.disabled_reason END,
         updated_at = CASE WHEN w.active AND w.consecutive_failures + 1 >= $3 THEN now() ELSE w.updated_at END,
         last_triggered_at = GREATEST(w.last_triggered_at, $2::timestamptz)
       FROM old WHERE w.id = old.id
       RETURNING w.*, (old.active AND NOT w.active) AS flipped)
       SELECT ${TARGET_COLUMNS}, flipped FROM updated`,
      [webhookId, at, threshold, reason],
    );
    return rows[0] ?? null;
  }

  /** Disables the webhook if it is active; its row then, or null when it was inactive or is gone. */
  async disableActive(webhookId: string, reason: string): Promise<TargetRow | null> {
    const rows = updatedRows<TargetRow>(
      await this.webhooks.query(
        `UPDATE webhooks SET active = false, disabled_reason = $2, updated_at = now()
         WHERE id = $1 AND active RETURNING ${TARGET_COLUMNS}`,
        [webhookId, reason],
      ),
    );
    return rows[0] ?? null;
  }

  /**
   * Moves the circuits of `reports` (sorted by webhook id) on in one statement (the rule: targets/circuit.ts):
   * an answer closes it; `threshold` timeouts or network errors in a row open it for the cool-down,
   * doubled at each re-open while nothing answers. Returns each row and whether this statement opened it.
   */
  async moveCircuits(
    reports: readonly CircuitReport[],
    threshold: number,
    cooldownMs: number,
  ): Promise<Array<{ id: string; opened: boolean }>> {
    return updatedRows<{ id: string; opened: boolean }>(
      await this.webhooks.query(
        `WITH r AS (SELECT * FROM unnest($1::text[], $2::bool[], $3::int[]) AS t(id, answered, failures)),
         next AS (
           SELECT w.id, CASE WHEN r.answered THEN r.failures ELSE w.circuit_failures + r.failures END AS failures,
                  w.circuit_opens, w.circuit_open_until
           FROM webhooks w JOIN r ON r.id = w.id)
         UPDATE webhooks w SET
           circuit_failures = n.failures,
           circuit_open_until = CASE
             WHEN n.failures >= $4 AND (n.circuit_open_until IS NULL OR n.circuit_open_until <= now())
               THEN now() + make_interval(secs => $5::float8 * power(2, least(n.circuit_opens, 6)) / 1000)
             WHEN n.failures < $4 THEN NULL
             ELSE n.circuit_open_until END,
           circuit_opens = CASE
             WHEN n.failures >= $4 AND (n.circuit_open_until IS NULL OR n.circuit_open_until <= now())
               THEN n.circuit_opens + 1
             WHEN n.failures < $4 THEN 0
             ELSE n.circuit_opens END
         FROM next n WHERE w.id = n.id
         RETURNING w.id, (w.circuit_open_until IS NOT NULL AND w.circuit_open_until > now()
                          AND w.circuit_opens > n.circuit_opens) AS opened`,
        [
          reports.map((r) => r.webhookId),
          reports.map((r) => r.answered),
          reports.map((r) => r.failuresAfterAnswer),
          threshold,
          cooldownMs,
        ],
      ),
    );
  }
}
