import { createWebhook, deliveries, newEventType, newOwner, publish } from './support/delivery-fixtures';
import { Receiver } from './support/receiver';
import { startTestApp, TestApp, testEnv } from './support/test-app';
import { waitFor } from './support/wait-for';

jest.setTimeout(90_000);

/**
 * The checks a delivery makes at send time, whatever was true at registration. An API instance that
 * allows private targets registers the webhooks (as a development setup would); a worker on the same
 * database and Redis with the SSRF guard on, or started after a webhook was switched off, sends them.
 */
describe('delivery-time guards (e2e)', () => {
  let api: TestApp;
  let worker: TestApp | undefined;
  let rx: Receiver;

  beforeEach(async () => {
    api = await startTestApp(
      testEnv({ HERALD_ROLE: 'api', DELIVERY_RETRY_SCHEDULE: '0', DELIVERY_SWEEP_INTERVAL_MS: '500' }),
    );
    rx = await Receiver.start();
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    await rx.close();
    await api.close();
  });

  const startWorker = (overrides: Record<string, string> = {}) =>
    startTestApp({ ...api.env, HERALD_ROLE: 'worker', ...overrides }, { owner: false });

  it('refuses, at connect time, a loopback address whether given as an IP or as a name that resolves to one', async () => {
    const owner = await newOwner(api.http);
    const type = await newEventType(api.http, await api.http.adminToken());
    const port = new URL(rx.url).port;
    const byIp = await createWebhook(api.http, owner, { url: `http://127.0.0.1:${port}/ip`, events: [type] });
    const byName = await createWebhook(api.http, owner, {
      url: `http://localhost:${port}/name`,
      events: [type],
    });
    await publish(api.http, owner, type);

    worker = await startWorker({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' });
    for (const hook of [byIp, byName]) {
      await waitFor(
        async () => (await deliveries(api.http, owner, hook.id)).some((d) => d.status === 'failed'),
        30_000,
        `the delivery to ${hook.id} to fail`,
      );
      const [delivery] = await deliveries(api.http, owner, hook.id);
      expect(delivery).toMatchObject({ status: 'failed', status_code: null, attempts: 1 });
      expect(delivery.error).toMatch(/^blocked address: /);
    }
    expect(rx.requests).toHaveLength(0);
  });

  it('fails a pending delivery without sending when its webhook was switched off before the attempt', async () => {
    const owner = await newOwner(api.http);
    const type = await newEventType(api.http, await api.http.adminToken());
    const hook = await createWebhook(api.http, owner, { url: `${rx.url}/off`, events: [type] });
    await publish(api.http, owner, type);
    expect((await api.http.patch(`/api/webhooks/${hook.id}`, { active: false }, owner.token)).status).toBe(
      200,
    );

    worker = await startWorker();
    await waitFor(
      async () => (await deliveries(api.http, owner, hook.id)).some((d) => d.status === 'failed'),
      30_000,
      'the delivery to fail',
    );
    const [delivery] = await deliveries(api.http, owner, hook.id);
    expect(delivery).toMatchObject({ status: 'failed', error: 'webhook disabled', attempts: 0 });
    expect(rx.requests).toHaveLength(0);
  });
});
