import { EventSource } from 'eventsource';
import Redis from 'ioredis';
import { StreamRegistry } from '../src/sse/stream-registry';
import { waitUntil } from './support/sse-client';
import { startTestApp, TestApp, testEnv } from './support/test-app';

const TYPE = 'gaps.updated';
const GAPS = { user_id: 'abc', entity_type: 'order', entity_id: 'o-1' };

/**
 * Browsers' EventSource reconnects by itself after a drop, to the same URL, with Last-Event-ID and no
 * page code: a stream opened with a ticket must accept that reconnect and resume with no gap. Here the
 * `eventsource` package plays the browser: no headers but its own, no cookies, no help.
 */
describe('SSE browser reconnect with a ticket (e2e)', () => {
  let herald: TestApp;
  let redis: Redis;
  let publisher: { id: string; token: string };
  let alice: { id: string; token: string };

  const publish = async (): Promise<string> => {
    const response = await herald.http.post(
      '/api/events',
      { type: TYPE, data: GAPS, user_id: alice.id },
      publisher.token,
    );
    if (response.status !== 202) throw new Error(`publish failed: ${response.status} ${response.text}`);
    return response.body.id;
  };
  const ticket = async (): Promise<string> =>
    (await herald.http.post('/api/events/stream/ticket', undefined, alice.token)).body.ticket;
  /** Ends alice's streams from the server side: `shutdown` ends the response, `slow` cuts the connection. */
  const drop = (how: 'shutdown' | 'slow') => {
    for (const stream of herald.app.get(StreamRegistry).streams()) {
      if (stream.viewer.userId === alice.id) stream.close(how);
    }
  };

  beforeAll(async () => {
    herald = await startTestApp(testEnv({ SSE_HEARTBEAT_MS: '500' }));
    redis = new Redis(herald.env.REDIS_URL);
    [publisher, alice] = await Promise.all([herald.http.newUser('publisher'), herald.http.newUser()]);
  }, 60_000);
  afterAll(async () => {
    redis.disconnect();
    await herald?.close();
  }, 30_000);

  it('reconnects across server-side drops by itself and resumes where it was', async () => {
    const used = await ticket();
    const source = new EventSource(`${herald.baseUrl}/api/events/stream?ticket=${used}&types=${TYPE}`);
    const received: string[] = [];
    let opens = 0;
    let errors = 0;
    source.addEventListener('open', () => opens++);
    source.addEventListener('error', () => errors++);
    source.addEventListener(TYPE, (event) => received.push(event.lastEventId));
    try {
      await waitUntil(() => opens === 1, 10_000, 'the stream to open');
      const first = await publish();
      await waitUntil(() => received.length === 1, 10_000, 'the first event');

      drop('shutdown');
      await waitUntil(() => errors === 1, 10_000, 'the drop to be seen');
      const missedWhileAway = await publish();
      await waitUntil(() => opens === 2, 15_000, 'the reconnect (after retry: 3000)');
      await waitUntil(() => received.length === 2, 10_000, 'the missed event');

      drop('slow');
      await waitUntil(() => errors === 2, 10_000, 'the cut to be seen');
      const missedAgain = await publish();
      await waitUntil(() => opens === 3, 15_000, 'the second reconnect');
      const live = await publish();
      await waitUntil(() => received.length === 4, 10_000, 'the missed and the live event');

      expect(received).toEqual([first, missedWhileAway, missedAgain, live]);
      expect(source.readyState).toBe(EventSource.OPEN);
    } finally {
      source.close();
    }
  }, 90_000);

  it('keeps the ticket single-use for anything but a reconnect, and only for a short while', async () => {
    const used = await ticket();
    const url = `${herald.baseUrl}/api/events/stream?ticket=${used}`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    const firstId = await publish();

    // A second open of the same URL without Last-Event-ID (another tab, the history) is refused.
    const again = await fetch(url);
    expect(again.status).toBe(401);
    expect(((await again.json()) as { message: string }).message).toMatch(/already used/);

    // While its stream is open the ticket is kept good for a reconnect, never longer than the resume window.
    const resumeKey = `${herald.env.REDIS_KEY_PREFIX}:sse:ticket-resume:${used}`;
    const ttl = await redis.pttl(resumeKey);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(await redis.get(resumeKey)).not.toContain(alice.token);
    const reconnect = await fetch(url, { headers: { 'last-event-id': firstId } });
    expect(reconnect.status).toBe(200);
    await reconnect.body?.cancel();

    await first.body?.cancel();
    await redis.pexpire(resumeKey, 1);
    await waitUntil(async () => (await redis.exists(resumeKey)) === 0, 5000, 'the window to end');
    const late = await fetch(url, { headers: { 'last-event-id': firstId } });
    expect(late.status).toBe(401);
  }, 60_000);
});
