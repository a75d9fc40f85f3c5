import {
  burst,
  createWebhook,
  deleteKeys,
  newEventType,
  newOwner,
  successCount,
} from './support/delivery-fixtures';
import { Receiver } from './support/receiver';
import { startTestApp, testEnv } from './support/test-app';
import { waitFor } from './support/wait-for';

jest.setTimeout(60_000);

describe('delivery when Redis loses the queue (e2e)', () => {
  it('delivers every event of a burst when the queue is wiped from Redis mid-burst (the sweeper re-queues)', async () => {
    const herald = await startTestApp(
      testEnv({ DELIVERY_SWEEP_INTERVAL_MS: '300', DELIVERY_CONCURRENCY: '10', LOGIN_RATE_LIMIT: '10000' }),
    );
    const rx = await Receiver.start(() => ({ status: 200, delayMs: 20 }));
    try {
      const owner = await newOwner(herald.http);
      const type = await newEventType(herald.http, await herald.http.adminToken());
      const hook = await createWebhook(herald.http, owner, { url: `${rx.url}/a`, events: [type] });
      const publishing = burst(herald.http, owner, type, 300);
      await waitFor(() => rx.requests.length >= 60, 20_000, 'the burst to be under way');
      // What FLUSHALL would do to this Herald, without touching other suites' keys.
      const wiped = await deleteKeys(herald.env.REDIS_URL, `${herald.env.REDIS_KEY_PREFIX}:*`);
      expect(wiped).toBeGreaterThan(0);
      const ids = await publishing;
      await waitFor(() => rx.uniqueIds().size === 300, 40_000, 'all 300 events at the receiver');
      expect(new Set(rx.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(ids));
      await waitFor(
        async () => (await successCount(herald.http, owner, hook.id)) === 300,
        10_000,
        'every delivery row to be success',
      );
    } finally {
      await rx.close();
      await herald.close();
    }
  });
});
