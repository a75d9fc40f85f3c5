import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
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
import { generateSecret } from './validation/webhook-secret';
import { WebhookEntity } from './entities/webhook.entity';
import { WebhooksRepository } from './webhooks.repository';

@Injectable()
export class WebhooksService {
  private readonly logger = new Logger(WebhooksService.name);

  constructor(
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
      // A new receiver starts with a closed circuit.
      if (input.url !== row.url) this.closeCircuit(row);
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
      this.closeCircuit(row);
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

  /** The caller's webhook, or a 404 (also when it belongs to someone else). */
  async getOwned(userId: string, id: string): Promise<WebhookEntity> {
    const row = isId('wh', id) ? await this.webhooks.findOwned(userId, id) : null;
    if (!row) throw notFound('Webhook');
    return row;
  }

  // ---- helpers ------------------------------------------------------------------------------------

  private closeCircuit(row: WebhookEntity): void {
    row.circuitFailures = 0;
    row.circuitOpens = 0;
    row.circuitOpenUntil = null;
  }

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
