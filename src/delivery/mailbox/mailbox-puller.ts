import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import type { DeliveryTarget } from '../../webhooks/targets/delivery-target';
import { DeliveryTargets } from '../../webhooks/targets/delivery-targets.service';
import { batcher } from '../attempt/batch-window';
import { DeliveryRepository, LeasedDelivery } from '../delivery.repository';

export interface Pulled {
  /** Null when the webhook is gone (its deliveries went with it). */
  target: DeliveryTarget | null;
  deliveries: LeasedDelivery[];
}

/** A lease outlasts the request timeout with room to spare, so it never lapses while an attempt is in flight. */
export const LEASE_MARGIN_MS = 5_000;

/**
 * Leases due deliveries for the mailboxes being served, every mailbox asking at about the same time in
 * one statement, with their targets (read fresh each time: a URL, secret or switch changed a moment ago
 * applies to the next attempt) in one more, side by side.
 */
@Injectable()
export class MailboxPuller {
  private readonly loader = batcher<{ webhookId: string; limit: number }, Pulled>((requests) =>
    this.pullMany(requests),
  );
  private readonly leaseMs: number;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly deliveries: DeliveryRepository,
    private readonly targets: DeliveryTargets,
  ) {
    this.leaseMs = config.delivery.timeoutMs + LEASE_MARGIN_MS;
  }

  pull(webhookId: string, limit: number): Promise<Pulled> {
    return this.loader.load({ webhookId, limit });
  }

  private async pullMany(requests: ReadonlyArray<{ webhookId: string; limit: number }>): Promise<Pulled[]> {
    // One request per mailbox: a mailbox is served by one loop at a time, so duplicates add up.
    const limits = new Map<string, number>();
    for (const r of requests) limits.set(r.webhookId, (limits.get(r.webhookId) ?? 0) + r.limit);
    const asked = [...limits].map(([webhookId, limit]) => ({ webhookId, limit }));
    const [leased, targets] = await Promise.all([
      this.deliveries.leaseDue(asked, this.leaseMs),
      this.targets.load([...limits.keys()]),
    ]);
    const byWebhook = new Map<string, LeasedDelivery[]>();
    for (const delivery of leased) {
      const list = byWebhook.get(delivery.webhookId) ?? [];
      list.push(delivery);
      byWebhook.set(delivery.webhookId, list);
    }
    const handedOut = new Set<string>();
    return requests.map((r) => {
      const target = targets.get(r.webhookId) ?? null;
      if (handedOut.has(r.webhookId)) return { target, deliveries: [] };
      handedOut.add(r.webhookId);
      return { target, deliveries: byWebhook.get(r.webhookId) ?? [] };
    });
  }
}
