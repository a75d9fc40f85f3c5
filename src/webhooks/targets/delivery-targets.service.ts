import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SecretCipher } from '../../common/crypto/secret-cipher';
import { notFound } from '../../common/errors/http-errors';
import { isId } from '../../common/ids';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { preparedQuery } from '../../database/prepared-query';
import { updatedRows } from '../../database/updated-rows';
import { CircuitReport, DeliveryTarget } from './delivery-target';
import { circuitOf, TARGET_COLUMNS, TargetRow } from './target-rows';

const SUCCESSES_SQL = `
  UPDATE webhooks w SET success_count = w.success_count + s.n, consecutive_failures = 0,
    last_triggered_at = GREATEST(w.last_triggered_at, s.at)
  FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS s(id, n, at)
  WHERE w.id = s.id`;

/** Decrypted secrets kept per ciphertext: AES-GCM on every attempt would be wasted work. */
const SECRET_CACHE_LIMIT = 10_000;

/**
 * The webhooks module's face to the delivery engine: targets read in plain SQL by id (many at once), and
 * the outcomes the engine reports back (successes, final failures, 410, circuit). Every statement on a
 * webhook's delivery state is here.
 */
@Injectable()
export class DeliveryTargets {
  private readonly logger = new Logger(DeliveryTargets.name);
  private readonly secrets = new Map<string, string>();
  private readonly loadQuery;
  private readonly successesQuery;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: SecretCipher,
  ) {
    this.loadQuery = preparedQuery<TargetRow>(
      db,
      'herald_targets',
      `SELECT ${TARGET_COLUMNS} FROM webhooks WHERE id = ANY($1)`,
    );
    this.successesQuery = preparedQuery(db, 'herald_successes', SUCCESSES_SQL);
  }

  /** The targets that still exist among `ids`, keyed by id. */
  async load(ids: readonly string[], now = new Date()): Promise<Map<string, DeliveryTarget>> {
    if (ids.length === 0) return new Map();
    const rows = await this.loadQuery([ids]);
    return new Map(rows.map((row) => [row.id, this.toTarget(row, now)]));
  }

  /** The caller's webhook as a target, or the same 404 as the webhook routes (also for someone else's). */
  async getOwned(userId: string, id: string): Promise<DeliveryTarget> {
    const rows: TargetRow[] = isId('wh', id)
      ? await this.db.query(`SELECT ${TARGET_COLUMNS} FROM webhooks WHERE id = $1 AND user_id = $2`, [
          id,
          userId,
        ])
      : [];
    if (!rows.length) throw notFound('Webhook');
    return this.toTarget(rows[0], new Date());
  }

  /**
   * Counts successful final outcomes of many deliveries in one statement: per webhook, the count goes up,
   * the failure streak resets and `last_triggered_at` moves to the latest. Successes never disable, so
   * unlike failures they need no row-by-row decision and can be added up.
   */
  async recordSuccesses(successes: ReadonlyArray<{ webhookId: string; at: Date }>): Promise<void> {
    const perWebhook = new Map<string, { count: number; at: Date }>();
    for (const { webhookId, at } of successes) {
      const seen = perWebhook.get(webhookId);
      if (!seen) perWebhook.set(webhookId, { count: 1, at });
      else {
        seen.count++;
        if (at > seen.at) seen.at = at;
      }
    }
    if (perWebhook.size === 0) return;
    // Sorted, so that concurrent batches lock the rows in one order and cannot deadlock.
    const ids = [...perWebhook.keys()].sort();
    await this.successesQuery([
      ids,
      ids.map((id) => perWebhook.get(id)!.count),
      ids.map((id) => perWebhook.get(id)!.at),
    ]);
  }

  /**
   * Counts a final failure in one atomic statement; disables the webhook after WEBHOOK_DISABLE_AFTER in a
   * row. The row is locked first so that two workers finishing at once cannot both be the one that
   * disabled it. Returns the target and the reason when this call disabled it.
   */
  async recordFinalFailure(
    webhookId: string,
    at: Date,
  ): Promise<{ target: DeliveryTarget; reason: string } | null> {
    const threshold = this.config.webhooks.disableAfterFailures;
    const reason = `${threshold} deliveries in a row failed`;
    const rows: (TargetRow & { flipped: boolean })[] = await this.db.query(
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
    if (!rows.length || rows[0].flipped !== true) return null;
    this.logger.warn(`webhook ${webhookId} disabled: ${reason}`);
    return { target: this.toTarget(rows[0], at), reason };
  }

  /** Disables an active webhook (410 Gone); null when it was already inactive or is gone. */
  async disable(webhookId: string, reason: string): Promise<DeliveryTarget | null> {
    const rows = updatedRows<TargetRow>(
      await this.db.query(
        `UPDATE webhooks SET active = false, disabled_reason = $2, updated_at = now()
         WHERE id = $1 AND active RETURNING ${TARGET_COLUMNS}`,
        [webhookId, reason],
      ),
    );
    if (!rows.length) return null;
    this.logger.warn(`webhook ${webhookId} disabled: ${reason}`);
    return this.toTarget(rows[0], new Date());
  }

  /**
   * Moves the circuits of a batch's receivers on, in one statement (the rule: ./circuit.ts):
   * an answer closes it; `threshold` timeouts or network errors in a row open it for the cool-down,
   * doubled at each re-open while nothing answers (a failed probe re-opens at once). Returns the ids
   * whose circuit this opened, for the log.
   */
  async reportCircuits(reports: readonly CircuitReport[]): Promise<string[]> {
    if (reports.length === 0) return [];
    const sorted = [...reports].sort((a, b) => (a.webhookId < b.webhookId ? -1 : 1));
    const { circuitThreshold, circuitCooldownMs } = this.config.delivery;
    const rows = updatedRows<{ id: string; opened: boolean }>(
      await this.db.query(
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
          sorted.map((r) => r.webhookId),
          sorted.map((r) => r.answered),
          sorted.map((r) => r.failuresAfterAnswer),
          circuitThreshold,
          circuitCooldownMs,
        ],
      ),
    );
    const opened = rows.filter((row) => row.opened).map((row) => row.id);
    for (const id of opened)
      this.logger.warn(`webhook ${id}: circuit opened after repeated timeouts or network errors`);
    return opened;
  }

  private toTarget(row: TargetRow, now: Date): DeliveryTarget {
    const secrets = [this.decrypt(row.secret_ciphertext)];
    if (
      row.previous_secret_ciphertext &&
      row.previous_secret_expires_at &&
      row.previous_secret_expires_at > now
    )
      secrets.push(this.decrypt(row.previous_secret_ciphertext));
    return {
      id: row.id,
      userId: row.user_id,
      name: row.name,
      url: row.url,
      headers: row.headers ?? {},
      active: row.active,
      rateLimitPerSecond: row.rate_limit_per_second,
      secrets,
      circuit: circuitOf(row),
    };
  }

  private decrypt(ciphertext: string): string {
    let plain = this.secrets.get(ciphertext);
    if (plain === undefined) {
      if (this.secrets.size >= SECRET_CACHE_LIMIT) this.secrets.clear();
      plain = this.cipher.decrypt(ciphertext);
      this.secrets.set(ciphertext, plain);
    }
    return plain;
  }
}
