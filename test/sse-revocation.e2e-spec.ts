import { RawStream, waitUntil } from './support/sse-client';
import { startTestApp, TestApp, testEnv } from './support/test-app';

/**
 * A stream lasts only as long as what it was opened with: Sign out, a deleted API key, a deleted user or a
 * role change end the streams it opened on every instance (here: revoked on `a`, held on `b`), and the
 * tickets taken with a revoked credential stop working, for reconnects too.
 */
describe('SSE streams end when their credential is revoked (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let adminToken: string;
  const open: RawStream[] = [];

  const stream = async (app: TestApp, token: string | null, query = ''): Promise<RawStream> => {
    const opened = await RawStream.open(
      `${app.baseUrl}/api/events/stream${query}`,
      token ? { authorization: `Bearer ${token}` } : {},
    );
    open.push(opened);
    return opened;
  };
  const openStream = async (app: TestApp, token: string | null, query = ''): Promise<RawStream> => {
    const opened = await stream(app, token, query);
    expect(opened.status).toBe(200);
    await opened.waitForOpen();
    return opened;
  };
  const endsRevoked = async (s: RawStream) => {
    await waitUntil(() => s.ended, 5000, 'the stream to end');
    expect(s.text).toContain(': credentials revoked or changed');
  };
  const apiKeyOf = async (token: string): Promise<{ id: string; key: string }> => {
    const created = await a.http.post('/api/api-keys', { name: 'stream' }, token);
    expect(created.status).toBe(201);
    return created.body;
  };

  beforeAll(async () => {
    a = await startTestApp(testEnv());
    b = await startTestApp(a.env, { owner: false });
    adminToken = await a.http.adminToken();
  });
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('ends a portal session’s stream on Sign out, and only that one', async () => {
    const user = await a.http.newUser();
    const session = await a.http.post('/api/portal/sessions', { user_id: user.id }, adminToken);
    const code = new URL(session.body.url).hash.replace('#code=', '');
    const exchanged = await a.http.post('/api/portal/sessions/exchange', { code });
    expect(exchanged.status).toBe(200);
    const portalToken: string = exchanged.body.access_token;

    const viaPortal = await openStream(b, portalToken);
    const onRevokingInstance = await openStream(a, portalToken);
    const viaJwt = await openStream(b, user.token);
    expect((await a.http.delete('/api/portal/sessions/current', portalToken)).status).toBe(204);

    await endsRevoked(viaPortal);
    await endsRevoked(onRevokingInstance);
    expect(viaJwt.ended).toBe(false);
    expect((await stream(b, portalToken)).status).toBe(401);
  });

  it('ends the streams of a deleted API key, direct and through a ticket, and refuses the ticket afterwards', async () => {
    const user = await a.http.newUser();
    const apiKey = await apiKeyOf(user.token);
    const direct = await openStream(b, apiKey.key);
    const ticket = (await a.http.post('/api/events/stream/ticket', undefined, apiKey.key)).body.ticket;
    const viaTicket = await openStream(b, null, `?ticket=${ticket}`);
    const unused = (await a.http.post('/api/events/stream/ticket', undefined, apiKey.key)).body.ticket;
    const other = await openStream(b, (await apiKeyOf(user.token)).key);

    expect((await a.http.delete(`/api/api-keys/${apiKey.id}`, user.token)).status).toBe(204);
    await endsRevoked(direct);
    await endsRevoked(viaTicket);
    expect(other.ended).toBe(false);

    // What an EventSource does next: the same URL again, with Last-Event-ID.
    const reconnect = await RawStream.open(`${b.baseUrl}/api/events/stream?ticket=${ticket}`, {
      'last-event-id': 'pos_1',
    });
    open.push(reconnect);
    expect(reconnect.status).toBe(401);
    const fresh = await stream(b, null, `?ticket=${unused}`);
    expect(fresh.status).toBe(401);
    expect(((await fresh.response.json()) as { message: string }).message).toContain('was revoked');
  });

  it('ends every stream of a user whose role changes or who is deleted', async () => {
    const user = await a.http.newUser();
    const bystander = await a.http.newUser();
    const first = await openStream(b, user.token);
    const untouched = await openStream(b, bystander.token);
    expect((await a.http.patch(`/api/users/${user.id}`, { role: 'publisher' }, adminToken)).status).toBe(200);
    await endsRevoked(first);

    // Reconnecting works, with the new role; deleting the user ends that stream too, for good.
    const second = await openStream(b, user.token);
    expect((await a.http.delete(`/api/users/${user.id}`, adminToken)).status).toBe(204);
    await endsRevoked(second);
    expect((await stream(b, user.token)).status).toBe(401);
    expect(untouched.ended).toBe(false);
  });
});
