import { startTestApp, TestApp, testEnv } from './support/test-app';
import { waitFor } from './support/wait-for';

/**
 * Authentication trusts an identity for a second (no database round trip per request): a role change,
 * a deleted user or a deleted key applies at once on the instance that made it and within a second on
 * every other instance.
 */
describe('bearer authentication cache across instances (e2e)', () => {
  let a: TestApp;
  let b: TestApp;

  beforeAll(async () => {
    a = await startTestApp(testEnv({ LOGIN_RATE_LIMIT: '10000' }));
    b = await startTestApp(a.env, { owner: false });
  });

  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const publishOn = (app: TestApp, token: string) =>
    app.http.post('/api/events', { type: 'sync.failed', data: { user_id: 'x', error_message: 'e' } }, token);

  it('a role change made on one instance applies at once there and within a second on the other', async () => {
    const user = await a.http.newUser('publisher');
    expect((await publishOn(a, user.token)).status).toBe(202);
    expect((await publishOn(b, user.token)).status).toBe(202);
    const changed = await a.http.patch(`/api/users/${user.id}`, { role: 'user' }, await a.http.adminToken());
    expect(changed.status).toBe(200);
    const changedAt = Date.now();
    expect((await publishOn(a, user.token)).status).toBe(403);
    await waitFor(async () => (await publishOn(b, user.token)).status === 403, 3_000, 'instance B to see it');
    // Generous for a loaded machine; the cache itself holds an identity for 1 s.
    expect(Date.now() - changedAt).toBeLessThan(2_500);
  });

  it('a deleted API key stops at once on its instance and within a second on the other', async () => {
    const user = await a.http.newUser('publisher');
    const created = await a.http.post('/api/api-keys', { name: 'ci' }, user.token);
    expect(created.status).toBe(201);
    const key = created.body.key as string;
    expect((await publishOn(a, key)).status).toBe(202);
    expect((await publishOn(b, key)).status).toBe(202);
    expect((await a.http.delete(`/api/api-keys/${created.body.id}`, user.token)).status).toBe(204);
    expect((await publishOn(a, key)).status).toBe(401);
    await waitFor(
      async () => (await publishOn(b, key)).status === 401,
      3_000,
      'instance B to refuse the key',
    );
  });

  it('a deleted user is refused at once on the instance that deleted them', async () => {
    const user = await a.http.newUser('publisher');
    expect((await publishOn(a, user.token)).status).toBe(202);
    expect((await a.http.delete(`/api/users/${user.id}`, await a.http.adminToken())).status).toBe(204);
    expect((await publishOn(a, user.token)).status).toBe(401);
  });
});
