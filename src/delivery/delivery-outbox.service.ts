import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DeliveryRepository } from './delivery.repository';
import { MailboxNotifier } from './mailbox/mailbox-notifier';
import { buildPayload, PayloadEvent } from './signing/payload';

/**
 * The transactional outbox: writes the delivery rows in the publisher's transaction, so an accepted
 * event always has its deliveries in PostgreSQL before anyone is told it was accepted; after COMMIT the
 * publisher tells the mailboxes.
 */
@Injectable()
export class DeliveryOutbox {
  constructor(
    private readonly deliveries: DeliveryRepository,
    private readonly notifier: MailboxNotifier,
  ) {}

  /** Inserts one pending delivery per (event, webhook) in a single statement; ids in input order. */
  record(
    manager: EntityManager,
    fanouts: ReadonlyArray<{ event: PayloadEvent; webhookIds: readonly string[] }>,
  ): Promise<string[]> {
    const rows = fanouts.flatMap(({ event, webhookIds }) => {
      // The body differs between webhooks only by `webhook_id` (ASCII, never escaped): serialise `data` once.
      const sizeWithoutWebhookId = webhookIds.length ? Buffer.byteLength(buildPayload(event, ''), 'utf8') : 0;
      return webhookIds.map((webhookId) => ({
        eventId: event.id,
        webhookId,
        eventType: event.type,
        payloadSizeBytes: sizeWithoutWebhookId + webhookId.length,
      }));
    });
    return this.deliveries.insertPending(manager, rows);
  }

  /**
   * After COMMIT: one notice per webhook, in one round trip. Never throws: a lost notice only delays the
   * deliveries until the sweeper finds them.
   */
  async announce(webhookIds: Iterable<string>): Promise<void> {
    await this.notifier.notify(webhookIds).catch(() => undefined);
  }
}
