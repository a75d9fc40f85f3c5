import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DeliveryTargets } from '../src/webhooks/targets/delivery-targets.service';
import { startTestApp, TestApp, testEnv } from './support/test-app';

const WEBHOOK_FIELDS = [
  'active',
  'channels',
  'circuit',
  'consecutive_failures',
  'created_at',
  'description',
  'disabled_reason',
  'events',
  'headers',
  'id',
  'last_triggered_at',
  'name',
  'rate_limit_per_second',
  'secret',
  'success_rate',
  'updated_at',
  'url',
];

describe('webhooks (e2e)', () => {
  let herald: TestApp;
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };

  beforeAll(async () => {
    herald = await startTestApp(
      testEnv({ WEBHOOKS_PER_USER_LIMIT: '5', WEBHOOK_SECRET_ROTATION_OVERLAP: '3600' }),
    );
    alice = await herald.http.newUser();
    bob = await herald.http.newUser();
  });
  afterAll(() => herald.close());

  const create = (token: string, body: Record<string, unknown>) =>
    herald.http.post('/api/webhooks', body, token);
  const base = { url: 'https://hooks.example.com/herald', events: ['sync.completed'] };

  it('creates a webhook with every field and shows the full secret only then', async () => {
    const secret = 'whsec_' + randomBytes(32).toString('base64');
    const body = {
      url: 'https://hooks.example.com/herald',
      events: ['sync.completed', 'gaps.*', 'sync.completed'],
      name: 'Sync listener',
      description: 'Production receiver',
      channels: ['team-a'],
      headers: { Authorization: 'Bearer abc', 'X-Team': 'blue' },
      secret,
      active: true,
      rate_limit_per_second: 10,
    };
    const created = await create(alice.token, body);
    expect(created.status).toBe(201);
    expect(Object.keys(created.body).sort()).toEqual(WEBHOOK_FIELDS);
    expect(created.body.circuit).toEqual({ state: 'closed', transport_failures: 0, open_until: null });
    expect(created.body).toMatchObject({
      url: body.url,
      events: ['sync.completed', 'gaps.*'],
      name: 'Sync listener',
      description: 'Production receiver',
      channels: ['team-a'],
      headers: body.headers,
      secret,
      active: true,
      rate_limit_per_second: 10,
      last_triggered_at: null,
      success_rate: null,
      consecutive_failures: 0,
      disabled_reason: null,
    });
    expect(created.body.id).toMatch(/^wh_[0-9A-Z]{26}$/);

    const got = await herald.http.get(`/api/webhooks/${created.body.id}`, alice.token);
    expect(got.status).toBe(200);
    expect(got.body.secret).toBe(`whsec_…${secret.slice(-4)}`);
    expect(got.text).not.toContain(secret.slice(6, 20));

    const list = await herald.http.get('/api/webhooks', alice.token);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ page: 1, limit: 20, total: 1 });
    expect(list.body.data[0]).toMatchObject({ id: created.body.id, secret: `whsec_…${secret.slice(-4)}` });
    expect(list.text).not.toContain(secret.slice(6, 20));

    const rows = await herald.app
      .get(DataSource)
      .query('SELECT secret_ciphertext FROM webhooks WHERE id = $1', [created.body.id]);
    expect(rows[0].secret_ciphertext).toMatch(/^v1\./);
    expect(rows[0].secret_ciphertext).not.toContain(secret);
    expect(rows[0].secret_ciphertext).not.toContain(secret.slice(6));
    await herald.http.delete(`/api/webhooks/${created.body.id}`, alice.token);
  });

  it('generates a whsec_ secret of 32 random bytes and applies defaults', async () => {
    const created = await create(alice.token, base);
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.body.secret.slice(6), 'base64')).toHaveLength(32);
    expect(created.body).toMatchObject({
      name: null,
      description: null,
      channels: null,
      headers: {},
      active: true,
      rate_limit_per_second: null,
    });
    await herald.http.delete(`/api/webhooks/${created.body.id}`, alice.token);
  });

  it.each([
    ['a missing url', { events: ['sync.completed'] }, 'url'],
    ['a url that is not a string', { ...base, url: 42 }, 'url'],
    ['missing events', { url: base.url }, 'events'],
    ['empty events', { ...base, events: [] }, 'events'],
    ['a malformed pattern', { ...base, events: ['Sync.Completed'] }, 'events'],
    ['a pattern with a wildcard in the middle', { ...base, events: ['sync.*.x'] }, 'events'],
    [
      'too many headers',
      { ...base, headers: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, 'v'])) },
      'headers',
    ],
    ['a reserved header', { ...base, headers: { 'Content-Type': 'text/plain' } }, 'headers'],
    ['a webhook-* header', { ...base, headers: { 'webhook-signature': 'v1,forged' } }, 'headers'],
    ['an x-webhook-* header in another case', { ...base, headers: { 'X-WEBHOOK-EVENT': 'x' } }, 'headers'],
    ['a header with CR/LF', { ...base, headers: { 'X-A': 'a\r\nX-Injected: 1' } }, 'headers'],
    ['an invalid header name', { ...base, headers: { 'bad name': 'x' } }, 'headers'],
    ['a secret without whsec_', { ...base, secret: randomBytes(32).toString('base64') }, 'secret'],
    [
      'a secret that is too short',
      { ...base, secret: 'whsec_' + randomBytes(16).toString('base64') },
      'secret',
    ],
    [
      'a secret that is too long',
      { ...base, secret: 'whsec_' + randomBytes(65).toString('base64') },
      'secret',
    ],
    ['channels that are not strings', { ...base, channels: [1] }, 'channels'],
    ['an empty channel', { ...base, channels: [''] }, 'channels'],
    ['a 65-character channel', { ...base, channels: ['c'.repeat(65)] }, 'channels'],
    ['51 channels', { ...base, channels: Array.from({ length: 51 }, (_, i) => `c${i}`) }, 'channels'],
    ['a rate limit of 0', { ...base, rate_limit_per_second: 0 }, 'rate_limit_per_second'],
    ['a rate limit over 10000', { ...base, rate_limit_per_second: 10001 }, 'rate_limit_per_second'],
    ['a fractional rate limit', { ...base, rate_limit_per_second: 1.5 }, 'rate_limit_per_second'],
    ['a name over 100 characters', { ...base, name: 'n'.repeat(101) }, 'name'],
    ['a description over 1000 characters', { ...base, description: 'd'.repeat(1001) }, 'description'],
    ['a non-boolean active', { ...base, active: 'yes' }, 'active'],
    ['an unknown field', { ...base, owner: 'me' }, 'owner'],
  ])('refuses %s with 400 naming the field', async (_label, body, field) => {
    const response = await create(alice.token, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(response.body.message).toContain(field);
    expect(response.body.details.map((d: { field: string }) => d.field)).toContain(field);
  });

  it.each([
    [
      'an unknown event type',
      { ...base, events: ['sync.completed', 'nope.happened'] },
      /"nope\.happened" matches no event type/,
      422,
    ],
    [
      'a wildcard that matches nothing',
      { ...base, events: ['nothing.*'] },
      /"nothing\.\*" matches no event type/,
      422,
    ],
    [
      'an http url (WEBHOOK_ALLOW_HTTP on here, ftp is never allowed)',
      { ...base, url: 'ftp://hooks.example.com/' },
      /url must use https:\/\/ or http:\/\//,
      400,
    ],
    ['credentials in the url', { ...base, url: 'https://user:pass@hooks.example.com/' }, /credentials/, 400],
    ['a relative url', { ...base, url: '/hooks' }, /absolute URL/, 400],
  ])('refuses %s with the right status and a message saying why', async (_label, body, message, status) => {
    const response = await create(alice.token, body);
    expect(response.status).toBe(status);
    expect(response.body.message).toMatch(message);
    expect(response.body.statusCode).toBe(status);
  });

  it('accepts wildcards and exact catalog types', async () => {
    const created = await create(alice.token, { ...base, events: ['*', 'sync.*', 'gaps.updated'] });
    expect(created.status).toBe(201);
    expect(created.body.events).toEqual(['*', 'sync.*', 'gaps.updated']);
    await herald.http.delete(`/api/webhooks/${created.body.id}`, alice.token);
  });

  it('updates with PATCH and PUT, re-enables a disabled webhook and refuses a secret', async () => {
    const { body: hook } = await create(alice.token, base);
    const patched = await herald.http.patch(
      `/api/webhooks/${hook.id}`,
      { events: ['gaps.*'], headers: { 'X-New': '1' }, name: 'Renamed' },
      alice.token,
    );
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({
      events: ['gaps.*'],
      headers: { 'X-New': '1' },
      name: 'Renamed',
      url: base.url,
    });
    expect(patched.body.secret).toMatch(/^whsec_….{4}$/);

    const put = await herald.http.put(
      `/api/webhooks/${hook.id}`,
      { description: 'via PUT', rate_limit_per_second: null, channels: ['x'] },
      alice.token,
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      description: 'via PUT',
      events: ['gaps.*'],
      name: 'Renamed',
      channels: ['x'],
      rate_limit_per_second: null,
    });

    const secret = await herald.http.patch(
      `/api/webhooks/${hook.id}`,
      { secret: 'whsec_' + randomBytes(32).toString('base64') },
      alice.token,
    );
    expect(secret.status).toBe(400);
    expect(secret.body.message).toBe(
      'secret cannot be changed here; use POST /api/webhooks/{id}/rotate-secret',
    );

    for (const body of [
      { url: null },
      { events: null },
      { active: null },
      { events: [] },
      { headers: { Host: 'x' } },
    ]) {
      const refused = await herald.http.patch(`/api/webhooks/${hook.id}`, body, alice.token);
      expect(refused.status).toBe(400);
      expect(refused.body.message).toContain(Object.keys(body)[0]);
    }
    const unknown = await herald.http.put(`/api/webhooks/${hook.id}`, { events: ['nope.nope'] }, alice.token);
    expect(unknown.status).toBe(422);

    await herald.app.get(DeliveryTargets).disable(hook.id, 'Receiver answered 410 Gone');
    await herald.app
      .get(DataSource)
      .query('UPDATE webhooks SET consecutive_failures = 7 WHERE id = $1', [hook.id]);
    const disabled = await herald.http.get(`/api/webhooks/${hook.id}`, alice.token);
    expect(disabled.body).toMatchObject({
      active: false,
      disabled_reason: 'Receiver answered 410 Gone',
      consecutive_failures: 7,
    });

    const paused = await herald.http.patch(`/api/webhooks/${hook.id}`, { active: false }, alice.token);
    expect(paused.body).toMatchObject({ active: false, disabled_reason: 'Receiver answered 410 Gone' });
    const enabled = await herald.http.patch(`/api/webhooks/${hook.id}`, { active: true }, alice.token);
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ active: true, disabled_reason: null, consecutive_failures: 0 });

    const userPaused = await herald.http.patch(`/api/webhooks/${hook.id}`, { active: false }, alice.token);
    expect(userPaused.body).toMatchObject({ active: false, disabled_reason: null });
    await herald.http.delete(`/api/webhooks/${hook.id}`, alice.token);
  });

  it('rotates the secret: the new one in full, the old one still signing until the overlap ends', async () => {
    const { body: hook } = await create(alice.token, base);
    const before = Date.now();
    const rotated = await herald.http.post(`/api/webhooks/${hook.id}/rotate-secret`, undefined, alice.token);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(rotated.body.secret).not.toBe(hook.secret);
    const expiresAt = new Date(rotated.body.previous_secret_expires_at).getTime();
    expect(expiresAt).toBeGreaterThanOrEqual(before + 3600_000 - 1000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 3600_000 + 1000);

    const got = await herald.http.get(`/api/webhooks/${hook.id}`, alice.token);
    expect(got.body.secret).toBe(`whsec_…${rotated.body.secret.slice(-4)}`);

    const targets = herald.app.get(DeliveryTargets);
    expect((await targets.load([hook.id])).get(hook.id)?.secrets).toEqual([rotated.body.secret, hook.secret]);
    expect((await targets.load([hook.id], new Date(expiresAt + 1))).get(hook.id)?.secrets).toEqual([
      rotated.body.secret,
    ]);

    const rows = await herald.app
      .get(DataSource)
      .query('SELECT secret_ciphertext, previous_secret_ciphertext FROM webhooks WHERE id = $1', [hook.id]);
    expect(JSON.stringify(rows)).not.toContain(rotated.body.secret.slice(6));
    expect(JSON.stringify(rows)).not.toContain(hook.secret.slice(6));

    expect(
      (await herald.http.post(`/api/webhooks/${hook.id}/rotate-secret`, undefined, bob.token)).status,
    ).toBe(404);
    await herald.http.delete(`/api/webhooks/${hook.id}`, alice.token);
  });

  it("keeps users apart: another user's webhook is a 404 on every route, admins included", async () => {
    const { body: hook } = await create(alice.token, base);
    const admin = await herald.http.adminToken();
    for (const token of [bob.token, admin]) {
      expect((await herald.http.get(`/api/webhooks/${hook.id}`, token)).status).toBe(404);
      expect((await herald.http.patch(`/api/webhooks/${hook.id}`, { name: 'mine' }, token)).status).toBe(404);
      expect((await herald.http.put(`/api/webhooks/${hook.id}`, { name: 'mine' }, token)).status).toBe(404);
      expect((await herald.http.delete(`/api/webhooks/${hook.id}`, token)).status).toBe(404);
      const list = await herald.http.get('/api/webhooks', token);
      expect(list.body.data.map((w: { id: string }) => w.id)).not.toContain(hook.id);
    }
    const notFound = await herald.http.get(`/api/webhooks/${hook.id}`, bob.token);
    expect(notFound.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'Webhook not found' });
    expect((await herald.http.get('/api/webhooks/not-an-id', alice.token)).status).toBe(404);
    expect((await herald.http.get(`/api/webhooks/${hook.id}`)).status).toBe(401);

    const still = await herald.http.get(`/api/webhooks/${hook.id}`, alice.token);
    expect(still.body.name).toBeNull();
    const deleted = await herald.http.delete(`/api/webhooks/${hook.id}`, alice.token);
    expect(deleted.status).toBe(204);
    expect((await herald.http.get(`/api/webhooks/${hook.id}`, alice.token)).status).toBe(404);
    expect((await herald.http.delete(`/api/webhooks/${hook.id}`, alice.token)).status).toBe(404);
  });

  it('holds a user to WEBHOOKS_PER_USER_LIMIT, even when creates race', async () => {
    const carol = await herald.http.newUser();
    const results = await Promise.all(Array.from({ length: 8 }, () => create(carol.token, base)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 201, 201, 201, 201, 409, 409, 409]);
    const refused = results.find((r) => r.status === 409)!;
    expect(refused.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
    expect(refused.body.message).toMatch(/WEBHOOKS_PER_USER_LIMIT=5/);

    const page = await herald.http.get('/api/webhooks?page=2&limit=2', carol.token);
    expect(page.body).toMatchObject({ page: 2, limit: 2, total: 5 });
    expect(page.body.data).toHaveLength(2);
    const all = await herald.http.get('/api/webhooks', carol.token);
    const ids = all.body.data.map((w: { id: string }) => w.id);
    expect(ids).toEqual([...ids].sort().reverse());

    await herald.http.delete(`/api/webhooks/${ids[0]}`, carol.token);
    expect((await create(carol.token, base)).status).toBe(201);
    expect((await create(bob.token, base)).status).toBe(201);
  });
});
