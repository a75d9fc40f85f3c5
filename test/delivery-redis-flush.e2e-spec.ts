import {
  burst,
  createWebhook,
  deleteKeys,
  newEventType,
  newOwner,
  successCount,
} from './support/delivery-fixtures';
import Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { newId } from '../src/common/ids';
import { MailboxSweeper } from '../src/delivery/mailbox/mailbox-sweeper';
import { serveJobId } from '../src/delivery/mailbox/mailbox-queue.constants';
import { Receiver } from './support/receiver';
import { startTestApp, testEnv } from './support/test-app';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

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
      await waitFor(() => rx.uniqueIds().size === 300, 60_000, 'all 300 events at the receiver');
      expect(new Set(rx.requests.map((r) => r.headers['webhook-id']))).toEqual(new Set(ids));
      expect(rx.maxOpenPerDelivery()).toBe(1);
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

  it('re-queues a job left stuck in no queue list by a partial loss of Redis data', async () => {
    const herald = await startTestApp(testEnv({ DELIVERY_SWEEP_INTERVAL_MS: '600000' }));
    const rx = await Receiver.start(() => ({ status: 200 }));
    const redis = new Redis(herald.env.REDIS_URL);
    try {
      const owner = await newOwner(herald.http);
      const type = await newEventType(herald.http, await herald.http.adminToken());
      const hook = await createWebhook(herald.http, owner, { url: `${rx.url}/s`, events: [type] });
      const db = herald.app.get(DataSource);
      const eventId = newId('evt');
      const deliveryId = newId('dlv');
      await db.query(`INSERT INTO events (id, type, user_id, data) VALUES ($1, $2, $3, '{}')`, [
        eventId,
        type,
        owner.id,
      ]);
      await db.query(
        `INSERT INTO deliveries (id, event_id, webhook_id, event_type, status, next_attempt_at, payload_size_bytes)
         VALUES ($1, $2, $3, $4, 'pending', now() - interval '2 minutes', 2)`,
        [deliveryId, eventId, hook.id, type],
      );
      // The mailbox job's hash survived, the list that held it did not.
      await redis.hset(`${herald.env.REDIS_KEY_PREFIX}:bull:mailboxes:${serveJobId(hook.id)}`, {
        data: JSON.stringify({ webhookId: hook.id }),
        name: 'serve',
        opts: '{}',
        timestamp: String(Date.now() - 120_000),
      });

      expect(await herald.app.get(MailboxSweeper).sweep()).toBe(1);
      await waitFor(() => rx.byEvent(eventId).length > 0, 10_000, 'the stuck delivery at the receiver');
      await waitFor(
        async () => (await successCount(herald.http, owner, hook.id)) === 1,
        10_000,
        'the row to be success',
      );
    } finally {
      redis.disconnect();
      await rx.close();
      await herald.close();
    }
  });
});
