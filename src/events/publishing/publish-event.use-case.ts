import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { unprocessable } from '../../common/errors/http-errors';
import { newId } from '../../common/ids';
import { DeliveryOutbox } from '../../delivery/delivery-outbox.service';
import { HeraldMetrics } from '../../metrics/herald-metrics';
import { UsersService } from '../../users/users.service';
import { WebhooksService } from '../../webhooks/webhooks.service';
import { eventName } from '../../bus/bus-names';
import { toPublishedEvent } from '../../bus/published-event';
import { EventCatalogService } from '../../catalog/event-catalog.service';
import { EventEntity } from '../entities/event.entity';
import { PublishEventInput, PublishEventResult } from './publish-event.command';

const IDEMPOTENCY_WINDOW = '24 hours';

/**
 * Validate → persist → fan out → announce. The event row and its delivery rows are written in one
 * transaction (a transactional outbox), so an accepted event always has its deliveries recorded; the bus
 * is told only after COMMIT, and whatever it misses the delivery sweeper picks up from the rows.
 */
@Injectable()
export class PublishEventUseCase {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly catalog: EventCatalogService,
    private readonly webhooks: WebhooksService,
    private readonly outbox: DeliveryOutbox,
    private readonly users: UsersService,
    private readonly emitter: EventEmitter2,
    private readonly metrics: HeraldMetrics,
  ) {}

  async execute(command: PublishEventInput): Promise<PublishEventResult> {
    // A repeat answers with the first event whatever has changed since (type removed, schema edited):
    // look it up before validating, and again under the key's lock in case of a race.
    const seen = await this.findIdempotent(this.dataSource.manager, command);
    if (seen) return replayOf(seen);
    await this.validate(command);

    const { result, deliveryIds } = await this.dataSource.transaction(async (manager) => {
      await this.lockIdempotencyKey(manager, command);
      const earlier = await this.findIdempotent(manager, command);
      if (earlier) return { result: replayOf(earlier), deliveryIds: [] };

      const event = manager.create(EventEntity, {
        id: newId('evt'),
        type: command.type,
        userId: command.userId ?? null,
        channels: command.channels?.length ? command.channels : null,
        data: command.data,
        publisherId: command.publisherId ?? null,
        idempotencyKey: command.idempotencyKey ?? null,
        fanoutCount: 0,
        createdAt: new Date(),
      });
      const subscribers = await this.webhooks.findSubscribers(event, manager);
      event.fanoutCount = subscribers.length;
      // Plain SQL: this runs on every publish, and the ORM's insert builder cost more than the statement.
      await manager.query(
        `INSERT INTO events (id, type, user_id, channels, data, publisher_id, idempotency_key, fanout_count, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          event.id,
          event.type,
          event.userId,
          event.channels,
          JSON.stringify(event.data),
          event.publisherId,
          event.idempotencyKey,
          event.fanoutCount,
          event.createdAt,
        ],
      );
      const ids = subscribers.length ? await this.outbox.record(manager, event, subscribers) : [];
      return { result: { event, deliveries: subscribers.length, replayed: false }, deliveryIds: ids };
    });

    if (!result.replayed) this.announce(result.event, deliveryIds);
    return result;
  }

  private async validate(command: PublishEventInput): Promise<void> {
    const check = await this.catalog.validateData(command.type, command.data);
    if (!check.ok && check.unknownType) {
      throw unprocessable(`Unknown event type "${command.type}"; see GET /api/events/types for the catalog`);
    }
    if (!check.ok) {
      throw unprocessable(`data does not match the schema of ${command.type}`, check.errors);
    }
    if (command.userId && !(await this.users.findIdentity(command.userId))) {
      throw unprocessable(`user_id "${command.userId}" is not a Herald user`);
    }
  }

  /** Serialises publishes with one key from one publisher, so two racing requests cannot both insert. */
  private async lockIdempotencyKey(manager: EntityManager, command: PublishEventInput): Promise<void> {
    if (!command.idempotencyKey) return;
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `${command.publisherId ?? ''}\n${command.idempotencyKey}`,
    ]);
  }

  /** The earlier event with this key from this publisher within the window, if any. */
  private async findIdempotent(
    manager: EntityManager,
    command: PublishEventInput,
  ): Promise<EventEntity | null> {
    if (!command.idempotencyKey) return null;
    return manager
      .createQueryBuilder(EventEntity, 'e')
      .where('e.publisher_id IS NOT DISTINCT FROM :publisher', { publisher: command.publisherId ?? null })
      .andWhere('e.idempotency_key = :key', { key: command.idempotencyKey })
      .andWhere(`e.created_at > now() - interval '${IDEMPOTENCY_WINDOW}'`)
      .orderBy('e.id', 'DESC')
      .getOne();
  }

  private announce(event: EventEntity, deliveryIds: string[]): void {
    this.metrics.eventsPublished.inc();
    // Not awaited: listeners (queueing, SSE, host handlers) must not hold up or fail the publisher.
    this.emitter.emit(eventName(event.type), toPublishedEvent(event, deliveryIds));
  }
}

const replayOf = (event: EventEntity): PublishEventResult => ({
  event,
  deliveries: event.fanoutCount,
  replayed: true,
});
