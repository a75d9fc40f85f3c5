import { pollUntil } from './clock';
import { HeraldInstance } from './herald';
import { DeliveryCounts, webhookStats } from './tenants';

const NO_DELIVERIES: DeliveryCounts = { total: 0, success: 0, failed: 0, pending: 0 };

/** a + sign × b, field by field. */
function combine(a: DeliveryCounts, b: DeliveryCounts, sign: 1 | -1): DeliveryCounts {
  return {
    total: a.total + sign * b.total,
    success: a.success + sign * b.success,
    failed: a.failed + sign * b.failed,
    pending: a.pending + sign * b.pending,
  };
}

export interface DeliveryLogCheck {
  /** Summed over the webhooks: what their delivery logs (stats) gained since `before`. */
  counts: DeliveryCounts;
  /** Whether every expected delivery was logged as a success within the bound. */
  complete: boolean;
  /** Deliveries whose single-delivery view was read, and how many of them listed at least one attempt. */
  sampled: number;
  withAttempts: number;
}

/**
 * Reads the outcome from Herald's delivery log, not from its internals: the webhooks' stats must show
 * `expectedPerWebhook` more successes each than `before` (polled, the log may be written in batches a
 * little after the receiver got the request), and a sample of deliveries must each list their attempt.
 * The counts returned are the change since `before`.
 */
export async function checkDeliveryLog(
  herald: HeraldInstance,
  webhookIds: string[],
  expectedPerWebhook: number,
  before: DeliveryCounts = NO_DELIVERIES,
  timeoutMs = 30_000,
  samplePerWebhook = 2,
): Promise<DeliveryLogCheck> {
  let counts: DeliveryCounts = NO_DELIVERIES;
  const complete = await pollUntil(
    async () => {
      counts = combine(await sumOfStats(herald, webhookIds), before, -1);
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

/** The webhooks' delivery counts added up, as their delivery logs show them now. */
export async function sumOfStats(herald: HeraldInstance, webhookIds: string[]): Promise<DeliveryCounts> {
  const all = await Promise.all(webhookIds.map((id) => webhookStats(herald, id)));
  return all.reduce((a, c) => combine(a, c, 1), NO_DELIVERIES);
}
