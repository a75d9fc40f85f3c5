import {
  burst,
  createWebhook,
  deliveries,
  newEventType,
  newOwner,
  Owner,
  publish,
} from './support/delivery-fixtures';
import { Receiver } from './support/receiver';
import { startTestApp, TestApp, testEnv } from './support/test-app';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

/**
 * One webhook's trouble never delays another's deliveries. Each scenario holds a troubled webhook with a
 * backlog and checks that a healthy webhook of another user is delivered WHILE that backlog is still
 * pending (behaviour, not timing: how fast is the bench's business).
 */
describe('delivery isolation (e2e)', () => {
  const MAX_IN_FLIGHT = 3;
  let herald: TestApp;
  let rx: Receiver;
  let type: string;
  let healthyOwner: Owner;
  let recovered = false;

  beforeAll(async () => {
    herald = await startTestApp(
      testEnv({
        // Fewer worker slots than the troubled backlog: without isolation the healthy webhook would wait.
        DELIVERY_CONCURRENCY: '6',
        DELIVERY_MAX_IN_FLIGHT_PER_WEBHOOK: String(MAX_IN_FLIGHT),
        DELIVERY_TIMEOUT_MS: '1500',
        DELIVERY_RETRY_SCHEDULE: '0,1,1,1,1,1',
        DELIVERY_CIRCUIT_THRESHOLD: '5',
        DELIVERY_CIRCUIT_COOLDOWN_MS: '1500',
        LOGIN_RATE_LIMIT: '10000',
      }),
    );
    rx = await Receiver.start((request) => {
      if (request.path === '/hang') return recovered ? { status: 200 } : 'hang';
      return { status: 200 };
    });
    type = await newEventType(herald.http, await herald.http.adminToken());
    healthyOwner = await newOwner(herald.http);
    await createWebhook(herald.http, healthyOwner, { url: `${rx.url}/healthy`, events: [type] });
  });

  afterAll(async () => {
    await rx.close();
    await herald.close();
  });

  const pendingOf = async (owner: Owner, webhookId: string) =>
    (await herald.http.get(`/api/webhooks/${webhookId}/deliveries?status=pending&limit=1`, owner.token)).body
      .total as number;

  /** Publishes `count` events to the healthy webhook and waits until every one has arrived. */
  const deliverHealthy = async (count: number) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push(await publish(herald.http, healthyOwner, type, { i }));
    await waitFor(
      () => ids.every((id) => rx.byEvent(id).some((r) => r.path === '/healthy')),
      30_000,
      'the healthy webhook to get its events',
    );
  };

  it('a receiver that hangs holds at most its in-flight limit, its circuit opens, and others flow meanwhile', async () => {
    const owner = await newOwner(herald.http);
    const hanging = await createWebhook(herald.http, owner, { url: `${rx.url}/hang`, events: [type] });
    await burst(herald.http, owner, type, 40);
    await waitFor(
      () => rx.requests.some((r) => r.path === '/hang'),
      10_000,
      'the hanging receiver to be hit',
    );

    await deliverHealthy(5);
    expect(await pendingOf(owner, hanging.id)).toBeGreaterThan(20);
    expect(rx.maxOpenOn('/hang')).toBeLessThanOrEqual(MAX_IN_FLIGHT);

    // Five timeouts in a row: the circuit opens and the receiver is left alone for the cool-down.
    await waitFor(
      async () =>
        (await herald.http.get(`/api/webhooks/${hanging.id}`, owner.token)).body.circuit.state === 'open',
      20_000,
      'the circuit to open',
    );
    const opened = (await herald.http.get(`/api/webhooks/${hanging.id}`, owner.token)).body;
    expect(opened.circuit.transport_failures).toBeGreaterThanOrEqual(5);
    expect(new Date(opened.circuit.open_until).getTime()).toBeGreaterThan(Date.now() - 1000);
    // Deliveries waiting behind an open circuit are neither attempted nor failed.
    expect((await deliveries(herald.http, owner, hanging.id, '&status=failed')).length).toBe(0);
    await deliverHealthy(3);

    // The receiver comes back: a probe after the cool-down closes the circuit and the backlog drains.
    recovered = true;
    await waitFor(async () => (await pendingOf(owner, hanging.id)) === 0, 60_000, 'the backlog to drain');
    const closed = (await herald.http.get(`/api/webhooks/${hanging.id}`, owner.token)).body;
    expect(closed.circuit).toEqual({ state: 'closed', transport_failures: 0, open_until: null });
    expect(
      new Set(rx.requests.filter((r) => r.path === '/hang').map((r) => r.headers['webhook-id'])).size,
    ).toBe(40);
    expect(rx.maxOpenPerDelivery()).toBe(1);
  });

  it('a webhook held back by its own rate limit holds no worker slot: others flow while its backlog waits', async () => {
    const owner = await newOwner(herald.http);
    const throttled = await createWebhook(herald.http, owner, {
      url: `${rx.url}/throttled`,
      events: [type],
      rate_limit_per_second: 1,
    });
    await burst(herald.http, owner, type, 30);
    await waitFor(
      () => rx.requests.some((r) => r.path === '/throttled'),
      10_000,
      'the throttled webhook to get its first event',
    );
    await deliverHealthy(5);
    expect(await pendingOf(owner, throttled.id)).toBeGreaterThan(20);
    // Never more than the limit in any 1-second window at the receiver.
    const times = rx.requests.filter((r) => r.path === '/throttled').map((r) => r.at);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1000).length).toBeLessThanOrEqual(1);
  });

  it('serves webhooks fairly: one with a backlog of 800 does not make a webhook with 1 event wait its turn', async () => {
    const big = await newOwner(herald.http);
    const backlogged = await createWebhook(herald.http, big, { url: `${rx.url}/big`, events: [type] });
    rx.respond = (request) => {
      if (request.path === '/big') return { status: 200, delayMs: 25 };
      if (request.path === '/hang') return { status: 200 };
      return { status: 200 };
    };
    await burst(herald.http, big, type, 800, 20);
    await deliverHealthy(1);
    expect(await pendingOf(big, backlogged.id)).toBeGreaterThan(200);
    expect(rx.maxOpenOn('/big')).toBeLessThanOrEqual(MAX_IN_FLIGHT);
  });
});
