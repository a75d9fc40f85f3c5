import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { updatedRows } from '../database/updated-rows';
import { SecretCipher } from '../common/crypto/secret-cipher';
import { badRequest, conflict, notFound, unprocessable } from '../common/errors/http-errors';
import { isId, newId } from '../common/ids';
import { assertPublicUrl, OutboundUrlError } from '../common/outbound-guard';
import { Page, toPage } from '../common/pagination/page';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { EventCatalogService } from '../catalog/event-catalog.service';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { RotatedSecretDto, WebhookDto } from './dto/webhook.dto';
import { mapWebhook } from './dto/webhook.mapper';
import { subscriberPatterns } from '../catalog/type-pattern';
import { generateSecret } from './validation/webhook-secret';
import { WebhookEntity } from './entities/webhook.entity';
import { WebhooksRepository } from './webhooks.repository';

export interface SubscriberQuery {
  type: string;
  userId: string | null;
  channels: string[] | null;
}

@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
    @InjectRepository(WebhookEntity) private readonly repo: Repository<WebhookEntity>,
    private readonly webhooks: WebhooksRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cipher: SecretCipher,
    private readonly catalog: EventCatalogService,
  ) {}

  // ---- routes -------------------------------------------------------------------------------------

  async create(userId: string, input: CreateWebhookDto): Promise<WebhookDto> {
    await this.checkUrl(input.url);
    const events = await this.checkEvents(input.events);
    const secret = input.secret ?? generateSecret();
    const limit = this.config.webhooks.perUserLimit;

    const inserted = await this.webhooks.insertWithinLimit(
      {
        id: newId('wh'),
        userId,
        name: input.name ?? null,
        description: input.description ?? null,
        url: input.url,
        events,
        channels: input.channels ?? null,
        headers: input.headers ?? {},
        secretCiphertext: this.cipher.encrypt(secret),
        active: input.active ?? true,
        rateLimitPerSecond: input.rate_limit_per_second ?? null,
      },
      limit,
    );
    if ('count' in inserted) {
      throw conflict(
        `You already have ${inserted.count} webhooks, the most allowed (WEBHOOKS_PER_USER_LIMIT=${limit}); delete one first`,
      );
    }
    const saved = inserted.row;
    this.logger.log(`Webhook ${saved.id} created for ${userId}`);
    return mapWebhook(saved, secret, true);
  }

  async list(userId: string, query: PaginationQueryDto): Promise<Page<WebhookDto>> {
    const [rows, total] = await this.webhooks.pageOf(userId, query.offset, query.limit);
    return toPage(
      rows.map((row) => this.toDto(row)),
      total,
      query,
    );
  }

  async get(userId: string, id: string): Promise<WebhookDto> {
    return this.toDto(await this.getOwned(userId, id));
  }

  async update(userId: string, id: string, input: UpdateWebhookDto): Promise<WebhookDto> {
    const row = await this.getOwned(userId, id);
    if (input.url !== undefined) {
      await this.checkUrl(input.url);
      row.url = input.url;
    }
    if (input.events !== undefined) row.events = await this.checkEvents(input.events);
    if (input.name !== undefined) row.name = input.name;
    if (input.description !== undefined) row.description = input.description;
    if (input.channels !== undefined) row.channels = input.channels;
    if (input.headers !== undefined) row.headers = input.headers ?? {};
    if (input.rate_limit_per_second !== undefined) row.rateLimitPerSecond = input.rate_limit_per_second;
    if (input.active === true) {
      // Re-enabling starts over: the failure streak that disabled it is forgiven.
      row.active = true;
      row.disabledReason = null;
      row.consecutiveFailures = 0;
    } else if (input.active === false) {
      row.active = false;
    }
    return this.toDto(await this.webhooks.save(row));
  }

  async remove(userId: string, id: string): Promise<void> {
    const row = await this.getOwned(userId, id);
    // Deliveries (and their attempts) cascade; the delivery worker treats a job whose row is gone as done.
    await this.webhooks.delete(row.id);
    this.logger.log(`Webhook ${row.id} deleted`);
  }

  async rotateSecret(userId: string, id: string): Promise<RotatedSecretDto> {
    const row = await this.getOwned(userId, id);
    const secret = generateSecret();
    const expiresAt = new Date(Date.now() + this.config.webhooks.secretRotationOverlapSeconds * 1000);
    await this.webhooks.changeSecrets(row.id, {
      previousSecretCiphertext: row.secretCiphertext,
      previousSecretExpiresAt: expiresAt,
      secretCiphertext: this.cipher.encrypt(secret),
    });
    this.logger.log(
      `Webhook ${row.id} secret rotated; the previous one is valid until ${expiresAt.toISOString()}`,
    );
    return { secret, previous_secret_expires_at: expiresAt.toISOString() };
  }

  // ---- for other modules --------------------------------------------------------------------------

  /**
   * Active webhooks that should get this event: a pattern matches the type, the event is in scope
   * (platform-wide, or the webhook's owner), and the channels intersect when the webhook has any.
   */
  async findSubscribers(event: SubscriberQuery, manager?: EntityManager): Promise<{ id: string }[]> {
    // Raw SQL and id-only rows: this runs inside every publish, and entity hydration was most of its cost.
    const params: unknown[] = [subscriberPatterns(event.type)];
    let scope = '';
    if (event.userId !== null) {
      params.push(event.userId);
      scope = `AND user_id = $${params.length}`;
    }
    let channels = 'AND (channels IS NULL OR cardinality(channels) = 0)';
    if (event.channels?.length) {
      params.push(event.channels);
      channels = `AND (channels IS NULL OR cardinality(channels) = 0 OR channels && $${params.length}::text[])`;
    }
    return (manager ?? this.repo.manager).query(
      `SELECT id FROM webhooks WHERE active AND events && $1::text[] ${scope} ${channels} ORDER BY id`,
      params,
    );
  }

  /** The caller's webhook, or a 404 (also when it belongs to someone else). */
  async getOwned(userId: string, id: string): Promise<WebhookEntity> {
    const row = isId('wh', id) ? await this.webhooks.findOwned(userId, id) : null;
    if (!row) throw notFound('Webhook');
    return row;
  }

  /** Several webhooks in one query (the delivery worker loads a batch of attempts at once). */
  findByIds(ids: readonly string[]): Promise<WebhookEntity[]> {
    return ids.length ? this.repo.findBy({ id: In([...ids]) }) : Promise.resolve([]);
  }

  findById(id: string): Promise<WebhookEntity | null> {
    return isId('wh', id) ? this.repo.findOneBy({ id }) : Promise.resolve(null);
  }

  /** The `whsec_…` secrets to sign with: the current one first, then the previous one until its overlap ends. */
  signingSecrets(webhook: WebhookEntity, now = new Date()): string[] {
    const secrets = [this.cipher.decrypt(webhook.secretCiphertext)];
    if (
      webhook.previousSecretCiphertext &&
      webhook.previousSecretExpiresAt &&
      webhook.previousSecretExpiresAt > now
    ) {
      secrets.push(this.cipher.decrypt(webhook.previousSecretCiphertext));
    }
    return secrets;
  }

  // TypeORM's query() answers a bare UPDATE … RETURNING with [rows, count]: `updatedRows` unwraps it.

  /**
   * Counts a final delivery outcome in one atomic statement. The row is locked first so that two workers
   * finishing at once cannot both see themselves as the one that disabled the webhook.
   */
  async recordDeliveryOutcome(
    webhookId: string,
    outcome: { success: boolean; at: Date },
  ): Promise<{ disabled: boolean; webhook: WebhookEntity | null }> {
    const threshold = this.config.webhooks.disableAfterFailures;
    const rows: { id: string; flipped: boolean }[] = await this.repo.query(
      `WITH old AS (SELECT id, active FROM webhooks WHERE id = $1 FOR UPDATE),
       updated AS (UPDATE webhooks w SET
         success_count = w.success_count + CASE WHEN $2 THEN 1 ELSE 0 END,
         failure_count = w.failure_count + CASE WHEN $2 THEN 0 ELSE 1 END,
         consecutive_failures = CASE WHEN $2 THEN 0 ELSE w.consecutive_failures + 1 END,
         active = CASE WHEN NOT $2 AND w.active AND w.consecutive_failures + 1 >= $4 THEN false ELSE w.active END,
         disabled_reason = CASE WHEN NOT $2 AND w.active AND w.consecutive_failures + 1 >= $4 THEN $5 ELSE w.disabled_reason END,
         updated_at = CASE WHEN NOT $2 AND w.active AND w.consecutive_failures + 1 >= $4 THEN now() ELSE w.updated_at END,
         last_triggered_at = GREATEST(w.last_triggered_at, $3::timestamptz)
       FROM old WHERE w.id = old.id
       RETURNING w.id, (old.active AND NOT w.active) AS flipped)
       SELECT id, flipped FROM updated`,
      [webhookId, outcome.success, outcome.at, threshold, `${threshold} deliveries in a row failed`],
    );
    if (!rows.length) return { disabled: false, webhook: null };
    const disabled = rows[0].flipped === true;
    if (disabled)
      this.logger.warn(`Webhook ${webhookId} disabled after ${threshold} failed deliveries in a row`);
    return { disabled, webhook: disabled ? await this.findById(webhookId) : null };
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
    await this.repo.query(
      `UPDATE webhooks w SET success_count = w.success_count + s.n, consecutive_failures = 0,
         last_triggered_at = GREATEST(w.last_triggered_at, s.at)
       FROM unnest($1::text[], $2::int[], $3::timestamptz[]) AS s(id, n, at)
       WHERE w.id = s.id`,
      [ids, ids.map((id) => perWebhook.get(id)!.count), ids.map((id) => perWebhook.get(id)!.at)],
    );
  }

  /** Disables an active webhook (e.g. on 410 Gone); null when it was already inactive or is gone. */
  async disable(webhookId: string, reason: string): Promise<WebhookEntity | null> {
    const rows = updatedRows<{ id: string }>(
      await this.repo.query(
        `UPDATE webhooks SET active = false, disabled_reason = $2, updated_at = now() WHERE id = $1 AND active RETURNING id`,
        [webhookId, reason],
      ),
    );
    if (!rows.length) return null;
    this.logger.warn(`Webhook ${webhookId} disabled: ${reason}`);
    return this.findById(webhookId);
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private toDto(row: WebhookEntity): WebhookDto {
    return mapWebhook(row, this.cipher.decrypt(row.secretCiphertext));
  }

  /** Malformed URLs are a 400; well-formed ones pointing somewhere forbidden a 422. */
  private async checkUrl(url: string): Promise<void> {
    const { allowHttp, allowPrivateTargets } = this.config.webhooks;
    try {
      await assertPublicUrl(url, { allowHttp, allowPrivateTargets });
    } catch (error) {
      if (!(error instanceof OutboundUrlError)) throw error;
      const details = [{ field: 'url', message: error.message }];
      throw error.kind === 'invalid'
        ? badRequest(error.message, details)
        : unprocessable(error.message, details);
    }
  }

  /** Deduplicated patterns, each known to the catalog (a 422 naming those that are not). */
  private async checkEvents(events: string[]): Promise<string[]> {
    const unique = [...new Set(events)];
    const unknown = await this.catalog.unknownPatterns(unique);
    if (unknown.length) {
      const message = `events: ${unknown.map((p) => `"${p}"`).join(', ')} ${unknown.length === 1 ? 'matches' : 'match'} no event type in the catalog (GET /api/events/types)`;
      throw unprocessable(
        message,
        unknown.map((pattern) => ({
          field: 'events',
          message: `${pattern} matches no event type in the catalog`,
        })),
      );
    }
    return unique;
  }
}
