import { EventEmitter2 } from '@nestjs/event-emitter';
import Redis from 'ioredis';
import { HeraldMetrics } from '../src/metrics/herald-metrics';
import { StreamRegistry } from '../src/sse/stream-registry';
import { openAndDrop, waitUntil } from './support/sse-client';
import { startTestApp, TestApp, testEnv } from './support/test-app';

describe('SSE connect/disconnect churn (e2e)', () => {
  let herald: TestApp;
  let redis: Redis;

  const gauge = async () => (await herald.app.get(HeraldMetrics).openStreams.get()).values[0]?.value ?? 0;

  beforeAll(async () => {
    herald = await startTestApp(testEnv({ SSE_MAX_CONNECTIONS_PER_USER: '3' }));
    redis = new Redis(herald.env.REDIS_URL);
  }, 30_000);
  afterAll(async () => {
    redis.disconnect();
    await herald?.close();
  }, 30_000);

  it('leaves registry, listeners, slots and the gauge where they were after 1,000 connect/disconnect cycles', async () => {
    const users = await Promise.all(Array.from({ length: 10 }, () => herald.http.newUser()));
    const registry = herald.app.get(StreamRegistry);
    const emitter = herald.app.get(EventEmitter2);
    const before = {
      size: registry.size,
      users: registry.indexedUsers,
      gauge: await gauge(),
      listeners: emitter.listeners('event.sync.completed').length,
      subscribers: (await redis.pubsub('NUMSUB', `${herald.env.REDIS_KEY_PREFIX}:sse:events`))[1],
    };
    expect(before.subscribers).toBe(1);

    let opened = 0;
    await Promise.all(
      users.map(async (user) => {
        for (let i = 0; i < 100; i++) {
          const status = await openAndDrop(`${herald.baseUrl}/api/events/stream`, {
            authorization: `Bearer ${user.token}`,
          });
          if (status !== 200) throw new Error(`cycle ${i}: status ${status}`);
          opened++;
        }
      }),
    );
    expect(opened).toBe(1000);

    await waitUntil(
      async () => registry.size === before.size && (await gauge()) === before.gauge,
      10_000,
      'every stream to be forgotten',
    );
    expect(registry.indexedUsers).toBe(before.users);
    expect(emitter.listeners('event.sync.completed').length).toBe(before.listeners);
    expect((await redis.pubsub('NUMSUB', `${herald.env.REDIS_KEY_PREFIX}:sse:events`))[1]).toBe(
      before.subscribers,
    );
    const slots = await Promise.all(
      users.map((user) => redis.zcard(`${herald.env.REDIS_KEY_PREFIX}:sse:conns:${user.id}`)),
    );
    await waitUntil(
      async () => {
        const counts = await Promise.all(
          users.map((user) => redis.zcard(`${herald.env.REDIS_KEY_PREFIX}:sse:conns:${user.id}`)),
        );
        return counts.every((n) => n === 0);
      },
      5000,
      `every slot to be released (had ${slots.join(',')})`,
    );
  }, 120_000);
});
