import { HeraldInstance } from '../lib/herald';
import { Receiver } from '../lib/receiver';

export const TICK_TYPE = 'bench.tick';

/** W webhooks of the admin on the receiver (one path each), subscribed to bench.tick only. */
export async function createWebhooks(
  herald: HeraldInstance,
  receiver: Receiver,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await herald.api<{ id: string }>('POST', '/api/webhooks', {
      url: receiver.url(`/w/${i}`),
      events: [TICK_TYPE],
      name: `bench ${i}`,
    });
    if (r.status !== 201) throw new Error(`creating webhook ${i}: ${r.status} ${JSON.stringify(r.body)}`);
    ids.push(r.body.id);
  }
  return ids;
}

/** POST /api/events; resolves with the event id on 202. */
export async function publish(
  herald: HeraldInstance,
  type: string,
  data: Record<string, unknown>,
): Promise<{ id: string; deliveries: number }> {
  const r = await herald.api<{ id: string; deliveries: number }>('POST', '/api/events', { type, data });
  if (r.status !== 202)
    throw new Error(`publish ${type}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}
