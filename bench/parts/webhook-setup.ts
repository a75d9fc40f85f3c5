import { HeraldInstance } from '../lib/herald';
import { Receiver } from '../lib/receiver';

export const TICK_TYPE = 'bench.tick';

/** The event type of the throughput run at fan-out W: only that run's W webhooks subscribe to it. */
export const fanoutType = (webhooks: number) => `bench.fanout${webhooks}`;

export interface WebhookSpec {
  url: string;
  events: string[];
  name: string;
  rate_limit_per_second?: number;
}

/** Creates a webhook as the given caller (the admin when no token is given); resolves with its id. */
export async function createWebhook(
  herald: HeraldInstance,
  spec: WebhookSpec,
  token: string = herald.token,
): Promise<string> {
  const r = await herald.apiAs<{ id: string }>(token, 'POST', '/api/webhooks', spec);
  if (r.status !== 201)
    throw new Error(`creating webhook ${spec.name}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.id;
}

/** W webhooks of the admin on the receiver (one path each), subscribed to `type` only. */
export async function createWebhooks(
  herald: HeraldInstance,
  receiver: Receiver,
  count: number,
  type = TICK_TYPE,
): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const name = `bench ${type} ${i}`;
    ids.push(await createWebhook(herald, { url: receiver.url(`/w/${type}/${i}`), events: [type], name }));
  }
  return ids;
}

// Re-exported for the parts that imported it from here (bench/parts/sse-herald.ts).
export { publish } from '../lib/publishing';
