import { pollUntil } from './clock';
import { HeraldInstance } from './herald';
import { DeliveryCounts, webhookStats } from './tenants';

export interface DeliveryLogCheck {
  /** Summed over the webhooks, as their delivery logs (stats) showed them at the end. */
  counts: DeliveryCounts;
  /** Whether every expected delivery was logged as a success within the bound. */
  complete: boolean;
  /** Deliveries whose single-delivery view was read, and how many of them listed at least one attempt. */
  sampled: number;
  withAttempts: number;
}

/**
 * Reads the outcome from Herald's delivery log, not from its internals: every webhook's stats must show
 * `expectedPerWebhook` successes (polled, the log may be written in batches a little after the receiver
 * got the request), and a sample of deliveries must each list their attempt.
 */
export async function checkDeliveryLog(
  herald: HeraldInstance,
  webhookIds: string[],
  expectedPerWebhook: number,
  timeoutMs = 30_000,
  samplePerWebhook = 2,
): Promise<DeliveryLogCheck> {
  let counts: DeliveryCounts = { total: 0, success: 0, failed: 0, pending: 0 };
  const complete = await pollUntil(
    async () => {
      const all = await Promise.all(webhookIds.map((id) => webhookStats(herald, id)));
      counts = all.reduce(
        (a, c) => ({
          total: a.total + c.total,
          success: a.success + c.success,
          failed: a.failed + c.failed,
          pending: a.pending + c.pending,
        }),
        { total: 0, success: 0, failed: 0, pending: 0 },
      );
      return counts.success >= expectedPerWebhook * webhookIds.length;
    },
    timeoutMs,
    250,
  );
  let sampled = 0;
  let withAttempts = 0;
  for (const webhookId of webhookIds) {
    const page = await herald.api<{ data: { id: string }[] }>(
      'GET',
      `/api/webhooks/${webhookId}/deliveries?limit=${samplePerWebhook}`,
    );
    for (const row of page.body.data ?? []) {
      const one = await herald.api<{ attempts?: unknown[] }>(
        'GET',
        `/api/webhooks/${webhookId}/deliveries/${row.id}`,
      );
      sampled++;
      if (Array.isArray(one.body.attempts) && one.body.attempts.length > 0) withAttempts++;
    }
  }
  return { counts, complete, sampled, withAttempts };
}
