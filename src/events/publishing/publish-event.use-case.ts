import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { eventName } from '../../bus/bus-names';
import { toPublishedEvent } from '../../bus/published-event';
import { EventCatalogService } from '../../catalog/event-catalog.service';
import { GroupCommit } from '../../common/batching/group-commit';
import { unprocessable } from '../../common/errors/http-errors';
import { newId } from '../../common/ids';
import { DeliveryOutbox } from '../../delivery/delivery-outbox.service';
import { HeraldMetrics } from '../../metrics/herald-metrics';
import { UsersService } from '../../users/users.service';
import { WebhookSubscribers } from '../../webhooks/subscribers/webhook-subscribers';
import { EventEntity } from '../entities/event.entity';
import { EventsRepository } from '../events.repository';
import { PublishEventInput, PublishEventResult } from './publish-event.command';

/** Publishes one transaction carries at most, and transactions in flight at once (PostgreSQL has 2 cores here). */
const GROUP_COMMIT = { maxBatch: 200, concurrency: 2 };

/**
 * Validate → persist → fan out → announce. Each event and its delivery rows are written in one
 * transaction (a transactional outbox), so an accepted event always has its deliveries recorded; the bus
 * and the mailboxes are told only after COMMIT, and whatever they miss the sweeper picks up from the rows.
 *
 * Publishes arriving together are group-committed: one transaction, one statement each for the events,
 * their subscribers and their deliveries, one notice to Redis, however many publishes it carries.
 * A publish with an idempotency key goes alone, under its key's lock.
 */
@Injectable()
export class PublishEventUseCase {
  private readonly group = new GroupCommit<PublishEventInput, PublishEventResult>(
    (inputs) => this.commitBatch(inputs),
    GROUP_COMMIT,
  );

  constructor(
    private readonly events: EventsRepository,
    private readonly catalog: EventCatalogService,
    private readonly subscribers: WebhookSubscribers,
    private readonly outbox: DeliveryOutbox,
    private readonly users: UsersService,
    private readonly emitter: EventEmitter2,
    private readonly metrics: HeraldMetrics,
  ) {}

  async execute(command: PublishEventInput): Promise<PublishEventResult> {
    if (command.idempotencyKey) return this.executeOnce(command, command.idempotencyKey);
    await this.validate(command);
    return this.group.submit(command);
  }

  /** A keyed publish: the first event with this key from this publisher within the window, or a new one. */
  private async executeOnce(command: PublishEventInput, key: string): Promise<PublishEventResult> {
    const publisher = command.publisherId ?? null;
    // A repeat answers with the first event whatever has changed since (type removed, schema edited):
    // look it up before validating, and again under the key's lock in case of a race.
    const seen = await this.events.findByIdempotencyKey(publisher, key);
    if (seen) return replayOf(seen);
    await this.validate(command);
    if (command.userId) await this.assertUsersExist([command]);
    const { result, deliveryIds, webhookIds } = await this.events.transaction(async (manager) => {
      // Serialises publishes with one key from one publisher, so two racing requests cannot both insert.
      await this.events.lockIdempotencyKey(manager, publisher, key);
      const earlier = await this.events.findByIdempotencyKey(publisher, key, manager);
      if (earlier) return { result: replayOf(earlier), deliveryIds: [[]], webhookIds: [] };
      return this.persist(manager, [command]).then((written) => ({
        result: written.results[0],
        deliveryIds: written.deliveryIds,
        webhookIds: written.webhookIds,
      }));
    });
    if (!result.replayed) this.announce([result.event], deliveryIds, webhookIds);
    return result;
  }

  /** One group commit: unknown users are refused one by one, everything else is written together. */
  private async commitBatch(inputs: PublishEventInput[]): Promise<Array<PublishEventResult | Error>> {
    const known = await this.users.existingIds([
      ...new Set(inputs.flatMap((input) => (input.userId ? [input.userId] : []))),
    ]);
    const accepted = inputs.filter((input) => !input.userId || known.has(input.userId));
    const written = accepted.length
      ? await this.events.transaction((manager) => this.persist(manager, accepted))
      : { results: [], deliveryIds: [], webhookIds: [] };
    this.announce(
      written.results.map((r) => r.event),
      written.deliveryIds,
      written.webhookIds,
    );
    let next = 0;
    return inputs.map((input) =>
      !input.userId || known.has(input.userId) ? written.results[next++] : unknownUser(input.userId),
    );
  }

  /** Events, their subscribers and their deliveries: three statements for any number of events. */
  private async persist(manager: EntityManager, inputs: readonly PublishEventInput[]) {
    const createdAt = new Date();
    const events: EventEntity[] = inputs.map((input) => ({
      id: newId('evt'),
      type: input.type,
      userId: input.userId ?? null,
      channels: input.channels?.length ? input.channels : null,
      data: input.data,
      publisherId: input.publisherId ?? null,
      idempotencyKey: input.idempotencyKey ?? null,
      fanoutCount: 0,
      createdAt,
    }));
    const subscribers = await this.subscribers.findMany(events, manager);
    events.forEach((event, i) => (event.fanoutCount = subscribers[i].length));
    await this.events.insertMany(manager, events);
    const flat = await this.outbox.record(
      manager,
      events.map((event, i) => ({ event, webhookIds: subscribers[i] })),
    );
    let next = 0;
    const deliveryIds = subscribers.map((ids) => flat.slice(next, (next += ids.length)));
    return {
      results: events.map((event) => ({ event, deliveries: event.fanoutCount, replayed: false })),
      deliveryIds,
      webhookIds: subscribers.flat(),
    };
  }

  private async validate(command: PublishEventInput): Promise<void> {
    const check = await this.catalog.validateData(command.type, command.data);
    if (!check.ok && check.unknownType) {
      throw unprocessable(`Unknown event type "${command.type}"; see GET /api/events/types for the catalog`);
    }
    if (!check.ok) {
      throw unprocessable(`data does not match the schema of ${command.type}`, check.errors);
    }
  }

  private async assertUsersExist(inputs: readonly PublishEventInput[]): Promise<void> {
    const ids = inputs.flatMap((input) => (input.userId ? [input.userId] : []));
    const known = await this.users.existingIds(ids);
    const missing = ids.find((id) => !known.has(id));
    if (missing) throw unknownUser(missing);
  }

  /** After COMMIT: the bus per event (SSE, host handlers), the mailboxes once for the whole batch. */
  private announce(events: readonly EventEntity[], deliveryIds: string[][], webhookIds: string[]): void {
    if (events.length === 0) return;
    this.metrics.eventsPublished.inc(events.length);
    // Not awaited: listeners and notices must not hold up or fail the publisher.
    void this.outbox.announce(webhookIds);
    events.forEach((event, i) =>
      this.emitter.emit(eventName(event.type), toPublishedEvent(event, deliveryIds[i])),
    );
  }
}

const replayOf = (event: EventEntity): PublishEventResult => ({
  event,
  deliveries: event.fanoutCount,
  replayed: true,
});

const unknownUser = (userId: string) => unprocessable(`user_id "${userId}" is not a Herald user`);
