import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import type { HttpClient } from './http-client';

export interface Owner {
  id: string;
  token: string;
}

/** A fresh publisher (owns webhooks and may publish events scoped to itself, so tests never see each other's). */
export async function newOwner(http: HttpClient): Promise<Owner> {
  const user = await http.newUser('publisher');
  return { id: user.id, token: user.token };
}

/** Registers a catalog type without a schema, unique to the caller. */
export async function newEventType(http: HttpClient, adminToken: string): Promise<string> {
  const type = `dt${randomBytes(4).toString('hex')}.ping`;
  const created = await http.post(
    '/api/events/types',
    { type, description: 'delivery test event' },
    adminToken,
  );
  if (created.status !== 201) throw new Error(`event type: ${created.status} ${created.text}`);
  return type;
}

export async function createWebhook(
  http: HttpClient,
  owner: Owner,
  body: Record<string, unknown>,
): Promise<{ id: string; secret: string }> {
  const created = await http.post('/api/webhooks', body, owner.token);
  if (created.status !== 201) throw new Error(`webhook: ${created.status} ${created.text}`);
  return created.body;
}

/** Publishes an event scoped to `owner`; returns its id. */
export async function publish(
  http: HttpClient,
  owner: Owner,
  type: string,
  data: Record<string, unknown> = {},
): Promise<string> {
  const published = await http.post('/api/events', { type, data, user_id: owner.id }, owner.token);
  if (published.status !== 202) throw new Error(`publish: ${published.status} ${published.text}`);
  return published.body.id;
}

/** The deliveries of a webhook (first page of up to 100), newest first. */
export async function deliveries(
  http: HttpClient,
  owner: Owner,
  webhookId: string,
  query = '',
): Promise<any[]> {
  const listed = await http.get(`/api/webhooks/${webhookId}/deliveries?limit=100${query}`, owner.token);
  if (listed.status !== 200) throw new Error(`deliveries: ${listed.status} ${listed.text}`);
  return listed.body.data;
}

/** Publishes `count` events scoped to `owner`, `parallel` at a time; returns their ids in order. */
export async function burst(
  http: HttpClient,
  owner: Owner,
  type: string,
  count: number,
  parallel = 10,
): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < count) {
        const i = next++;
        ids[i] = await publish(http, owner, type, { i });
      }
    }),
  );
  return ids;
}

/** How many deliveries of the webhook are `success`. */
export async function successCount(http: HttpClient, owner: Owner, webhookId: string): Promise<number> {
  return (await http.get(`/api/webhooks/${webhookId}/deliveries?status=success&limit=1`, owner.token)).body
    .total;
}

/** Deletes this test's own Redis keys matching `pattern` (never FLUSHALL: other suites share the server). */
/**
 * Deletes every key matching `pattern` in ONE atomic step, as FLUSHALL or a Redis restart would: a
 * SCAN-and-DEL loop would race the running queue and leave half-deleted jobs no real outage produces.
 */
export async function deleteKeys(redisUrl: string, pattern: string): Promise<number> {
  const redis = new Redis(redisUrl);
  try {
    return (await redis.eval(
      `local keys = redis.call('KEYS', ARGV[1])
       for i = 1, #keys, 5000 do redis.call('DEL', unpack(keys, i, math.min(i + 4999, #keys))) end
       return #keys`,
      0,
      pattern,
    )) as number;
  } finally {
    redis.disconnect();
  }
}
