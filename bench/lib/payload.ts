import { createHmac, randomBytes } from 'node:crypto';

/** The `data` of every bench event: a sequence number, the send time and `padBytes` of filler. */
export function eventData(seq: number, padBytes: number, sentAt: number): Record<string, unknown> {
  return { seq, t: sentAt, pad: 'x'.repeat(padBytes) };
}

/**
 * A request shaped like one of Herald's deliveries (docs/API.md §6: the same body envelope and the same
 * headers, with real-length signatures), so that the ceiling loop moves the same bytes per request.
 */
export function deliveryLikeRequest(padBytes: number): { body: string; headers: Record<string, string> } {
  const id = `evt_01${randomBytes(12).toString('hex').toUpperCase().slice(0, 24)}`;
  const body = JSON.stringify({
    id,
    event: 'bench.tick',
    timestamp: new Date().toISOString(),
    webhook_id: `wh_01${randomBytes(12).toString('hex').toUpperCase().slice(0, 24)}`,
    data: eventData(0, padBytes, Date.now()),
  });
  const timestamp = String(Math.floor(Date.now() / 1000));
  const key = randomBytes(32);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Herald-Webhooks/0.1.0',
      'webhook-id': id,
      'webhook-timestamp': timestamp,
      'webhook-signature': `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`,
      'x-webhook-signature': `sha256=${createHmac('sha256', key).update(body).digest('hex')}`,
      'x-webhook-event': 'bench.tick',
      'x-webhook-delivery': `dlv_01${randomBytes(12).toString('hex').toUpperCase().slice(0, 24)}`,
      'x-webhook-timestamp': timestamp,
    },
  };
}
