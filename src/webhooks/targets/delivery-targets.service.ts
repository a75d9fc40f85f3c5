import { Inject, Injectable, Logger } from '@nestjs/common';
import { SecretCipher } from '../../common/crypto/secret-cipher';
import { notFound } from '../../common/errors/http-errors';
import { isId } from '../../common/ids';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CircuitReport, DeliveryTarget } from './delivery-target';
import { WebhooksRepository } from '../webhooks.repository';
import { circuitOf, TargetRow } from './target-rows';

/** Decrypted secrets kept per ciphertext: AES-GCM on every attempt would be wasted work. */
const SECRET_CACHE_LIMIT = 10_000;

/**
 * The webhooks module's face to the delivery engine: targets by id (many at once), and the outcomes the
 * engine reports back (successes, final failures, 410, circuit). Rows never leave: the engine gets
 * DeliveryTargets with their secrets decrypted.
 */
@Injectable()
export class DeliveryTargets {
  private readonly logger = new Logger(DeliveryTargets.name);
  private readonly secrets = new Map<string, string>();

  constructor(
    private readonly webhooks: WebhooksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: SecretCipher,
  ) {}

  /** The targets that still exist among `ids`, keyed by id. */
  async load(ids: readonly string[], now = new Date()): Promise<Map<string, DeliveryTarget>> {
    if (ids.length === 0) return new Map();
    const rows = await this.webhooks.targetRows(ids);
    return new Map(rows.map((row) => [row.id, this.toTarget(row, now)]));
  }

  /** The caller's webhook as a target, or the same 404 as the webhook routes (also for someone else's). */
  async getOwned(userId: string, id: string): Promise<DeliveryTarget> {
    const row = isId('wh', id) ? await this.webhooks.ownedTargetRow(userId, id) : null;
    if (!row) throw notFound('Webhook');
    return this.toTarget(row, new Date());
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
    await this.webhooks.addSuccesses(
      ids,
      ids.map((id) => perWebhook.get(id)!.count),
      ids.map((id) => perWebhook.get(id)!.at),
    );
  }

  /**
   * Counts a final failure; disables the webhook after WEBHOOK_DISABLE_AFTER in a row. Returns the target
   * and the reason when this call disabled it (two workers finishing at once cannot both).
   */
  async recordFinalFailure(
    webhookId: string,
    at: Date,
  ): Promise<{ target: DeliveryTarget; reason: string } | null> {
    const threshold = this.config.webhooks.disableAfterFailures;
    const reason = `${threshold} deliveries in a row failed`;
    const row = await this.webhooks.addFinalFailure(webhookId, at, threshold, reason);
    if (row?.flipped !== true) return null;
    this.logger.warn(`webhook ${webhookId} disabled: ${reason}`);
    return { target: this.toTarget(row, at), reason };
  }

  /** Disables an active webhook (410 Gone); null when it was already inactive or is gone. */
  async disable(webhookId: string, reason: string): Promise<DeliveryTarget | null> {
    const row = await this.webhooks.disableActive(webhookId, reason);
    if (!row) return null;
    this.logger.warn(`webhook ${webhookId} disabled: ${reason}`);
    return this.toTarget(row, new Date());
  }

  /**
   * Moves the circuits of a batch's receivers on, in one statement (the rule: ./circuit.ts); a failed
   * probe re-opens at once. Returns the ids whose circuit this opened, for the log.
   */
  async reportCircuits(reports: readonly CircuitReport[]): Promise<string[]> {
    if (reports.length === 0) return [];
    const sorted = [...reports].sort((a, b) => (a.webhookId < b.webhookId ? -1 : 1));
    const { circuitThreshold, circuitCooldownMs } = this.config.delivery;
    const rows = await this.webhooks.moveCircuits(sorted, circuitThreshold, circuitCooldownMs);
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
