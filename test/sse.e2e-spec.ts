import { EventEmitter2 } from '@nestjs/event-emitter';
import { JwtService } from '@nestjs/jwt';
import Redis from 'ioredis';
import { WEBHOOK_DISABLED_SIGNAL } from '../src/bus/bus-names';
import { webhookDisabledSignal } from './support/bus-signals';
import { EventSourceClient, parseFrames, RawStream, waitUntil } from './support/sse-client';
import { startTestApp, TestApp, testEnv } from './support/test-app';

const SYNC = { user_id: 'abc', items_synced: 150, errors: [], duration_s: 12.3 };
const GAPS = { user_id: 'abc', entity_type: 'order', entity_id: 'o-1' };
const EXTRACTION = { version: '20260301', entity_types: ['order'] };
const TYPES = [
  'sync.completed',
  'sync.failed',
  'gaps.updated',
  'extraction.started',
  'webhook.disabled',
  'stream.reset',
];

describe('SSE stream (e2e)', () => {
  let herald: TestApp;
  let redis: Redis;
  let publisher: { id: string; token: string };
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };
  let adminToken: string;
  const open: Array<{ close(): void }> = [];

  const streamUrl = (query = '') => `${herald.baseUrl}/api/events/stream${query}`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const raw = async (query: string, headers: Record<string, string>) => {
    const stream = await RawStream.open(streamUrl(query), headers);
    open.push(stream);
    return stream;
  };
  const client = (query: string, headers: Record<string, string>) => {
    const es = new EventSourceClient(streamUrl(query), TYPES, headers);
    open.push(es);
    return es;
  };
  const publish = async (type: string, data: unknown, userId?: string): Promise<string> => {
    const response = await herald.http.post(
      '/api/events',
      { type, data, ...(userId ? { user_id: userId } : {}) },
      publisher.token,
    );
    if (response.status !== 202) throw new Error(`publish failed: ${response.status} ${response.text}`);
    return response.body.id;
  };

  beforeAll(async () => {
    herald = await startTestApp(
      testEnv({ SSE_HEARTBEAT_MS: '300', SSE_REPLAY_LIMIT: '5', SSE_MAX_CONNECTIONS_PER_USER: '3' }),
    );
    redis = new Redis(herald.env.REDIS_URL);
    [publisher, alice, bob] = await Promise.all([
      herald.http.newUser('publisher'),
      herald.http.newUser(),
      herald.http.newUser(),
    ]);
    adminToken = await herald.http.adminToken();
  });
  afterEach(() => open.splice(0).forEach((stream) => stream.close()));
  afterAll(async () => {
    redis.disconnect();
    await herald.close();
  });

  it('opens with retry: 3000 and unbuffered headers, then id/event/one-line data frames and heartbeats', async () => {
    const stream = await raw('', bearer(alice.token));
    expect(stream.status).toBe(200);
    expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(stream.response.headers.get('cache-control')).toMatch(/\bno-cache\b.*\bno-transform\b/);
    expect(stream.response.headers.get('x-accel-buffering')).toBe('no');
    expect(stream.response.headers.get('content-encoding')).toBeNull();
    await stream.waitForOpen();
    // Nest's @Sse writer starts the body with a blank line; then retry:, with where a reconnect resumes.
    expect(stream.text).toMatch(/^\nid: pos_\d+\nretry: 3000\n\n/);

    const data = { ...SYNC, errors: ['line one\nline two'] };
    const id = await publish('sync.completed', data);
    await stream.waitForEvents(1);
    // data is read back from PostgreSQL (jsonb), which keeps the values but orders the keys its own way.
    expect(stream.text).toMatch(new RegExp(`\nevent: sync\\.completed\nid: ${id}\ndata: \\{[^\n]*\\}\n\n`));
    expect(stream.events()).toEqual([{ id, event: 'sync.completed', data: expect.any(String) }]);
    expect(JSON.parse(stream.events()[0].data!)).toEqual(data);

    await stream.waitFor(
      (s) => parseFrames(s.text).filter((f) => f.comment === 'keep-alive').length >= 2,
      3000,
      'two heartbeats',
    );
  });

  it('filters with ?types=, exact types and wildcards', async () => {
    const stream = await raw('?types=sync.*,gaps.updated', bearer(alice.token));
    await stream.waitForOpen();
    await publish('extraction.started', EXTRACTION);
    const completed = await publish('sync.completed', SYNC);
    const gaps = await publish('gaps.updated', GAPS);
    const failed = await publish('sync.failed', { user_id: 'abc', error_message: 'boom' });
    await stream.waitForEvents(3);
    expect(stream.events().map((f) => [f.id, f.event])).toEqual([
      [completed, 'sync.completed'],
      [gaps, 'gaps.updated'],
      [failed, 'sync.failed'],
    ]);
  });

  it('gives users platform-wide events and their own only; admins everything', async () => {
    const [a, b, admin] = await Promise.all([
      raw('', bearer(alice.token)),
      raw('', bearer(bob.token)),
      raw('', bearer(adminToken)),
    ]);
    await Promise.all([a, b, admin].map((s) => s.waitForOpen()));
    const forAlice = await publish('gaps.updated', GAPS, alice.id);
    const forBob = await publish('gaps.updated', GAPS, bob.id);
    const everyone = await publish('sync.completed', SYNC);
    await Promise.all([a.waitForEvents(2), b.waitForEvents(2), admin.waitForEvents(3)]);
    // One Redis channel keeps order, so the last (platform-wide) event arriving means nothing else is on its way.
    expect(a.events().map((f) => f.id)).toEqual([forAlice, everyone]);
    expect(b.events().map((f) => f.id)).toEqual([forBob, everyone]);
    expect(admin.events().map((f) => f.id)).toEqual([forAlice, forBob, everyone]);
  });

  it('sends webhook.disabled to the webhook owner only', async () => {
    const [a, b] = await Promise.all([
      raw('?types=webhook.*', bearer(alice.token)),
      raw('?types=webhook.*', bearer(bob.token)),
    ]);
    await Promise.all([a, b].map((s) => s.waitForOpen()));
    const signal = webhookDisabledSignal(alice.id);
    herald.app.get(EventEmitter2).emit(WEBHOOK_DISABLED_SIGNAL, signal);
    await a.waitForEvents(1);
    expect(a.events()[0]).toMatchObject({ event: 'webhook.disabled', id: expect.stringMatching(/^evt_/) });
    expect(JSON.parse(a.events()[0].data!)).toMatchObject({
      webhook_id: signal.webhookId,
      reason: signal.reason,
    });
    // A later platform-wide event of a type bob listens to would have come after it; he got nothing.
    const marker = await publish('webhook.test', { webhook_id: signal.webhookId, message: 'marker' });
    await b.waitForEvents(1);
    expect(b.events().map((f) => f.id)).toEqual([marker]);
  });

  it('serves the browser page outside /api, with no token in it', async () => {
    const page = await fetch(`${herald.baseUrl}/stream.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('/api/events/stream/ticket');
    expect(html).toContain('new EventSource(');
    expect(html).not.toMatch(/[?&](token|access_token)=/);
  });

  it('refuses before the first byte with a JSON error: 401, 400 and 429 with Retry-After', async () => {
    const expectRefusal = async (
      query: string,
      headers: Record<string, string>,
      status: number,
      message: RegExp,
    ) => {
      const response = await fetch(streamUrl(query), { headers });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await response.json();
      expect(body).toMatchObject({ statusCode: status, message: expect.stringMatching(message) });
      return response;
    };
    await expectRefusal('', {}, 401, /Bearer/);
    await expectRefusal('', bearer('not-a-token'), 401, /invalid or expired/);
    await expectRefusal('?ticket=nope', {}, 401, /ticket/);
    await expectRefusal('?types=Sync.Completed,gaps.*', bearer(alice.token), 400, /Sync\.Completed/);
    await expectRefusal('?types=', bearer(alice.token), 400, /at least one/);
    await expectRefusal('?token=abc', bearer(alice.token), 400, /token should not exist/);
    expect((await herald.http.post('/api/events/stream/ticket')).status).toBe(401);

    const user = await herald.http.newUser();
    const streams = await Promise.all([1, 2, 3].map(() => raw('', bearer(user.token))));
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
    const refused = await expectRefusal('', bearer(user.token), 429, /3 streams/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    streams[0].close();
    // The slot comes back as soon as the server sees the client go.
    await waitUntil(
      async () => {
        const again = await fetch(streamUrl(), { headers: bearer(user.token) });
        const ok = again.status === 200;
        if (ok) open.push({ close: () => void again.body?.cancel() });
        else await again.text();
        return ok;
      },
      5000,
      'a freed slot',
    );
  });

  it('accepts a single-use ticket that lives 60 s, and refuses it once used or expired', async () => {
    const issued = await herald.http.post('/api/events/stream/ticket', undefined, alice.token);
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({ ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), expires_in: 60 });
    const key = `${herald.env.REDIS_KEY_PREFIX}:sse:ticket:${issued.body.ticket}`;
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(55);
    expect(ttl).toBeLessThanOrEqual(60);
    expect(await redis.get(key)).not.toContain(alice.token);

    const es = client(`?ticket=${issued.body.ticket}`, {});
    await waitUntil(() => es.opens === 1, 5000, 'the ticket stream to open');
    expect(await redis.exists(key)).toBe(0);
    const id = await publish('gaps.updated', GAPS, alice.id);
    await es.waitForEvents(1);
    expect(es.received).toEqual([{ id, type: 'gaps.updated', data: GAPS }]);

    const reused = await fetch(streamUrl(`?ticket=${issued.body.ticket}`));
    expect(reused.status).toBe(401);
    expect(((await reused.json()) as { message: string }).message).toMatch(/already used/);

    const expiring = await herald.http.post('/api/events/stream/ticket', undefined, alice.token);
    await redis.pexpire(`${herald.env.REDIS_KEY_PREFIX}:sse:ticket:${expiring.body.ticket}`, 1);
    await waitUntil(
      async () =>
        (await redis.exists(`${herald.env.REDIS_KEY_PREFIX}:sse:ticket:${expiring.body.ticket}`)) === 0,
    );
    expect((await fetch(streamUrl(`?ticket=${expiring.body.ticket}`))).status).toBe(401);
  });

  it('ends a stream when the JWT it was opened with expires, also through a ticket', async () => {
    const shortJwt = herald.app.get(JwtService).sign({ sub: alice.id }, { expiresIn: 2 });
    const viaHeader = await raw('', bearer(shortJwt));
    const ticket = (await herald.http.post('/api/events/stream/ticket', undefined, shortJwt)).body.ticket;
    const viaTicket = await raw(`?ticket=${ticket}`, {});
    const longLived = await raw('', bearer(alice.token));
    expect([viaHeader.status, viaTicket.status]).toEqual([200, 200]);
    await waitUntil(() => viaHeader.ended && viaTicket.ended, 4500, 'the JWT streams to end');
    expect(viaHeader.text).toContain(': credentials expired');
    expect(longLived.ended).toBe(false);
    expect((await fetch(streamUrl(), { headers: bearer(shortJwt) })).status).toBe(401);
  });

  it('resumes after a disconnect with exactly what was missed, in order, then live', async () => {
    const first = client('', bearer(alice.token));
    const seen = [await publish('sync.completed', SYNC), await publish('gaps.updated', GAPS, alice.id)];
    await first.waitForEvents(2);
    expect(first.ids()).toEqual(seen);
    first.close();

    const missed = [
      await publish('sync.completed', SYNC),
      await publish('gaps.updated', GAPS, bob.id), // not alice's: never replayed to her
      await publish('gaps.updated', GAPS, alice.id),
      await publish('extraction.started', EXTRACTION),
    ];
    const second = client('', { ...bearer(alice.token), 'last-event-id': seen[1] });
    await second.waitForEvents(3);
    const live = await publish('sync.completed', SYNC);
    await second.waitForEvents(4);
    expect(second.ids()).toEqual([missed[0], missed[2], missed[3], live]);

    // Browsers resume with a ticket and ?last_event_id=.
    const ticket = (await herald.http.post('/api/events/stream/ticket', undefined, alice.token)).body.ticket;
    const third = await raw(`?ticket=${ticket}&last_event_id=${missed[2]}`, {});
    await third.waitForEvents(2);
    expect(third.events().map((f) => f.id)).toEqual([missed[3], live]);
  });

  it('joins replay and live feed without gap or duplicate while events keep coming', async () => {
    const from = await publish('sync.completed', SYNC);
    const published = Array.from({ length: 4 }, () => publish('sync.completed', SYNC));
    const stream = await raw('', { ...bearer(adminToken), 'last-event-id': from });
    published.push(...Array.from({ length: 4 }, () => publish('gaps.updated', GAPS, bob.id)));
    const ids = await Promise.all(published);
    await stream.waitForEvents(ids.length);
    const received = stream.events().map((f) => f.id!);
    expect(new Set(received).size).toBe(received.length);
    expect([...received].sort()).toEqual([...ids].sort());
    expect(stream.events().some((f) => f.event === 'stream.reset')).toBe(false);
  });

  it('says stream.reset (with the live position as its id) for an unknown id or more than SSE_REPLAY_LIMIT missed, then goes live', async () => {
    const unknown = await raw('', {
      ...bearer(alice.token),
      'last-event-id': 'evt_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P',
    });
    await unknown.waitForEvents(1);
    expect(unknown.text).toMatch(
      /retry: 3000\n\n(: keep-alive\n\n)*event: stream\.reset\nid: pos_\d+\ndata: \{"reason":"history_expired"\}\n\n/,
    );
    const live = await publish('sync.completed', SYNC);
    await unknown.waitForEvents(2);
    expect(unknown.events()[1].id).toBe(live);

    const mark = await publish('sync.completed', SYNC);
    const five = [];
    for (let i = 0; i < 5; i++) five.push(await publish('sync.completed', SYNC));
    const exactlyLimit = await raw('', { ...bearer(alice.token), 'last-event-id': mark });
    await exactlyLimit.waitForEvents(5);
    expect(exactlyLimit.events().map((f) => f.id)).toEqual(five);

    const sixth = await publish('sync.completed', SYNC);
    // Once a stream has it, the instance's tail is past it: for a stream opened now it is history.
    await unknown.waitFor((u) => u.text.includes(sixth), 5000, 'the sixth event to be live');
    const overLimit = await raw('', { ...bearer(alice.token), 'last-event-id': mark });
    await overLimit.waitForEvents(1);
    const after = await publish('gaps.updated', GAPS, alice.id);
    await overLimit.waitForEvents(2);
    expect(overLimit.events()).toEqual([
      { event: 'stream.reset', id: expect.stringMatching(/^pos_\d+$/), data: '{"reason":"history_expired"}' },
      { id: after, event: 'gaps.updated', data: expect.any(String) },
    ]);
    expect(JSON.parse(overLimit.events()[1].data!)).toEqual(GAPS);
    expect(overLimit.text).not.toContain(sixth);
  });
});
