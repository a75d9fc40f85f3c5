import { randomBytes } from 'node:crypto';
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
  const created = await http.post('/api/events/types', { type, description: 'delivery test event' }, adminToken);
  if (created.status !== 201) throw new Error(`event type: ${created.status} ${created.text}`);
  return type;
}

export async function createWebhook(http: HttpClient, owner: Owner, body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const created = await http.post('/api/webhooks', body, owner.token);
  if (created.status !== 201) throw new Error(`webhook: ${created.status} ${created.text}`);
  return created.body;
}

/** Publishes an event scoped to `owner`; returns its id. */
export async function publish(http: HttpClient, owner: Owner, type: string, data: Record<string, unknown> = {}): Promise<string> {
  const published = await http.post('/api/events', { type, data, user_id: owner.id }, owner.token);
  if (published.status !== 202) throw new Error(`publish: ${published.status} ${published.text}`);
  return published.body.id;
}

/** The deliveries of a webhook (first page of up to 100), newest first. */
export async function deliveries(http: HttpClient, owner: Owner, webhookId: string, query = ''): Promise<any[]> {
  const listed = await http.get(`/api/webhooks/${webhookId}/deliveries?limit=100${query}`, owner.token);
  if (listed.status !== 200) throw new Error(`deliveries: ${listed.status} ${listed.text}`);
  return listed.body.data;
}
