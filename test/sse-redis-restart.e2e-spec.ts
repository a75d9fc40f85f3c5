import { Client } from 'pg';
import { PrivateServer, privateRedis } from './support/private-servers';
import { RawStream, waitUntil } from './support/sse-client';
import { startTestApp, TestApp, testEnv } from './support/test-app';

const TYPE = 'outage.step';
const EVENTS = 120;

/**
 * Issue 15 item 4: Herald on a Redis of this test's own, which is killed mid-burst and started again.
 * The stream that stays open must get every event that was committed, in feed order, once each.
 */
describe('SSE across a Redis restart (e2e)', () => {
  let redis: PrivateServer;
  let redisDown = false;
  let herald: TestApp;
  let pg: Client;
  let publisher: { id: string; token: string };
  let alice: { id: string; token: string };

  beforeAll(async () => {
    redis = await privateRedis();
    // HTTP only: the stream is what is under test (the delivery worker's own shutdown after a Redis
    // restart is the delivery tests' business).
    herald = await startTestApp(
      testEnv({ REDIS_URL: redis.url, SSE_HEARTBEAT_MS: '500', HERALD_ROLE: 'api' }),
    );
    [publisher, alice] = await Promise.all([herald.http.newUser('publisher'), herald.http.newUser()]);
    const admin = await herald.http.adminToken();
    const created = await herald.http.post('/api/events/types', { type: TYPE, description: 'outage' }, admin);
    expect(created.status).toBe(201);
    pg = new Client({ connectionString: herald.env.DATABASE_URL });
    await pg.connect();
  }, 60_000);
  afterAll(async () => {
    await pg?.end();
    if (redisDown) await redis.start(); // close() needs it to drop the test's keys
    await herald?.close();
    await redis?.destroy();
  }, 120_000);

  it('replays from PostgreSQL what the stream missed while the subscription was down', async () => {
    const stream = await RawStream.open(`${herald.baseUrl}/api/events/stream?types=${TYPE}`, {
      authorization: `Bearer ${alice.token}`,
    });
    await stream.waitForOpen(10_000);

    const publishes: Promise<unknown>[] = [];
    for (let i = 0; i < EVENTS; i++) {
      if (i === 30) {
        await redis.stop(); // SIGKILL, as a crash would
        redisDown = true;
      }
      if (i === 90) {
        await redis.start();
        redisDown = false;
      }
      // Publishes made while Redis is down may wait for it or fail; the stream is owed what committed.
      publishes.push(
        herald.http.post('/api/events', { type: TYPE, data: { i } }, publisher.token).catch(() => null),
      );
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    await Promise.all(publishes);

    const committed = async () =>
      (
        await pg.query<{ id: string }>(`SELECT id FROM events WHERE type = $1 ORDER BY tx, id`, [TYPE])
      ).rows.map((row) => row.id);
    const expected = await committed();
    expect(expected.length).toBeGreaterThanOrEqual(EVENTS / 2);
    await waitUntil(() => stream.events().length >= expected.length, 30_000, `${expected.length} events`);
    await new Promise((resolve) => setTimeout(resolve, 500)); // anything extra would show up now
    const received = stream.events().map((frame) => frame.id);
    expect(received).toEqual(expected);
    expect(stream.ended).toBe(false);
    expect(await committed()).toEqual(expected);
    stream.close();
  }, 120_000);
});
