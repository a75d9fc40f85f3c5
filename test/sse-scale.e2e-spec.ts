import Redis from 'ioredis';
import { connect, Socket } from 'node:net';
import { HeraldMetrics } from '../src/metrics/herald-metrics';
import { StreamRegistry } from '../src/sse/stream-registry';
import { createWebhook, newEventType, newOwner, publish as publishFor } from './support/delivery-fixtures';
import { Receiver } from './support/receiver';
import { RawStream, waitUntil } from './support/sse-client';
import { startTestApp, TestApp, testEnv } from './support/test-app';

const SYNC = { user_id: 'abc', items_synced: 150, errors: [], duration_s: 12.3 };

describe('SSE across instances, slow clients and shutdown (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let redis: Redis;
  let publisher: { id: string; token: string };
  let adminToken: string;
  const open: Array<{ close(): void }> = [];

  const raw = async (app: TestApp, token: string, query = '') => {
    const stream = await RawStream.open(`${app.baseUrl}/api/events/stream${query}`, {
      authorization: `Bearer ${token}`,
    });
    open.push(stream);
    return stream;
  };
  const publish = async (app: TestApp, type: string, data: unknown): Promise<string> => {
    const response = await app.http.post('/api/events', { type, data }, publisher.token);
    if (response.status !== 202) throw new Error(`publish failed: ${response.status} ${response.text}`);
    return response.body.id;
  };
  const slowDisconnects = async (app: TestApp) =>
    (await app.app.get(HeraldMetrics).sseSlowDisconnects.get()).values[0]?.value ?? 0;

  beforeAll(async () => {
    const env = testEnv({
      SSE_HEARTBEAT_MS: '1000',
      SSE_MAX_CONNECTIONS_PER_USER: '3',
      SSE_MAX_BUFFERED_EVENTS: '5',
    });
    a = await startTestApp(env);
    b = await startTestApp(env, { owner: false });
    redis = new Redis(env.REDIS_URL);
    publisher = await a.http.newUser('publisher');
    adminToken = await a.http.adminToken();
  }, 30_000);
  afterEach(() => open.splice(0).forEach((stream) => stream.close()));
  afterAll(async () => {
    redis.disconnect();
    await b?.close();
    await a?.close();
  }, 30_000);

  it('delivers an event published on one instance to streams on both, once each', async () => {
    const user = await a.http.newUser();
    const [onA, onB] = await Promise.all([raw(a, user.token), raw(b, user.token)]);
    await Promise.all([onA, onB].map((s) => s.waitForOpen()));
    const fromA = await publish(a, 'sync.completed', SYNC);
    const fromB = await publish(b, 'sync.completed', SYNC);
    await Promise.all([onA.waitForEvents(2), onB.waitForEvents(2)]);
    const last = await publish(a, 'sync.completed', SYNC);
    await Promise.all([onA.waitForEvents(3), onB.waitForEvents(3)]);
    expect(onA.events().map((f) => f.id)).toEqual([fromA, fromB, last]);
    expect(onB.events().map((f) => f.id)).toEqual([fromA, fromB, last]);
  });

  it('counts SSE_MAX_CONNECTIONS_PER_USER across instances', async () => {
    const user = await a.http.newUser();
    const streams = [await raw(a, user.token), await raw(b, user.token), await raw(a, user.token)];
    expect(streams.map((s) => s.status)).toEqual([200, 200, 200]);
    const refused = await fetch(`${b.baseUrl}/api/events/stream`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
  });

  it('disconnects a client that stops reading once more than SSE_MAX_BUFFERED_EVENTS frames wait', async () => {
    const type = 'bulk.blob';
    const created = await a.http.post(
      '/api/events/types',
      { type, description: 'large test payloads' },
      adminToken,
    );
    expect(created.status).toBe(201);
    const registry = a.app.get(StreamRegistry);
    const before = { slow: await slowDisconnects(a), size: registry.size };

    const { port } = new URL(a.baseUrl);
    const socket: Socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      `GET /api/events/stream?types=${type} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${adminToken}\r\n\r\n`,
    );
    let head = '';
    await new Promise<void>((resolve) =>
      socket.on('data', (chunk: Buffer) => {
        head += chunk.toString();
        if (head.includes('retry: 3000')) resolve();
      }),
    );
    socket.pause(); // from here on the client reads nothing: the kernel buffers fill, then Herald's writes stall
    expect(registry.size).toBe(before.size + 1);

    const blob = 'x'.repeat(512 * 1024);
    for (let i = 0; i < 60 && (await slowDisconnects(a)) === before.slow; i++)
      await publish(a, type, { blob, i });
    await waitUntil(
      async () => (await slowDisconnects(a)) === before.slow + 1,
      10_000,
      'the slow-client disconnect',
    );
    await waitUntil(() => registry.size === before.size, 5000, 'the registry entry to go');
    socket.destroy();
  }, 30_000);

  it('ends open streams cleanly when an instance shuts down', async () => {
    const c = await startTestApp(a.env, { owner: false });
    const user = await a.http.newUser();
    const stream = await raw(c, user.token);
    await stream.waitForOpen();
    expect(c.app.get(StreamRegistry).size).toBe(1);
    await c.close();
    await waitUntil(() => stream.ended, 5000, 'the stream to end');
    expect(await redis.zcard(`${a.env.REDIS_KEY_PREFIX}:sse:conns:${user.id}`)).toBe(0);
  });

  it('ends the streams of a process that also delivers first, not after its delivery drain', async () => {
    // HERALD_ROLE=all with one attempt hanging: the drain waits for it (up to DELIVERY_TIMEOUT_MS), the
    // streams must not.
    const receiver = await Receiver.start(() => 'hang');
    const solo = await startTestApp(testEnv({ DELIVERY_TIMEOUT_MS: '20000' }));
    let closed = false;
    try {
      const owner = await newOwner(solo.http);
      const type = await newEventType(solo.http, await solo.http.adminToken());
      await createWebhook(solo.http, owner, { url: `${receiver.url}/hook`, events: [type] });
      const stream = await raw(solo, owner.token);
      await stream.waitForOpen();
      await publishFor(solo.http, owner, type);
      await waitUntil(() => receiver.requests.length === 1, 5000, 'the attempt to be in flight');

      const closing = solo.close().then(() => (closed = true));
      await waitUntil(() => stream.ended, 5000, 'the stream to end');
      expect(closed).toBe(false);
      await receiver.close(); // the attempt fails at once; the drain and the close finish
      await closing;
    } finally {
      if (!closed) await solo.close().catch(() => undefined);
      await receiver.close().catch(() => undefined);
    }
  }, 30_000);
});
