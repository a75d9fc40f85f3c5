import { randomBytes } from 'node:crypto';
import { HeraldInstance } from './herald';

export interface Tenant {
  id: string;
  email: string;
  password: string;
  token: string;
}

/** A user of its own (role `user`), registered over the public API: another tenant of the same Herald. */
export async function registerTenant(herald: HeraldInstance, name: string): Promise<Tenant> {
  const email = `${name}-${randomBytes(3).toString('hex')}@herald.bench`;
  const password = randomBytes(12).toString('hex');
  const r = await herald.apiAs<{ user: { id: string }; access_token: string }>(
    null,
    'POST',
    '/api/auth/register',
    { email, password },
  );
  if (r.status !== 201) throw new Error(`registering ${email}: ${r.status} ${JSON.stringify(r.body)}`);
  return { id: r.body.user.id, email, password, token: r.body.access_token };
}

export interface DeliveryCounts {
  total: number;
  success: number;
  failed: number;
  pending: number;
}

/** A webhook's delivery counts from its delivery log (GET /api/webhooks/{id}/stats), as its owner. */
export async function webhookStats(
  herald: HeraldInstance,
  webhookId: string,
  token: string = herald.token,
): Promise<DeliveryCounts> {
  const r = await herald.apiAs<DeliveryCounts>(token, 'GET', `/api/webhooks/${webhookId}/stats`);
  if (r.status !== 200) throw new Error(`stats of ${webhookId}: ${r.status} ${JSON.stringify(r.body)}`);
  const { total, success, failed, pending } = r.body;
  return { total, success, failed, pending };
}
