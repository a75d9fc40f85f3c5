import { createHmac } from 'node:crypto';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import {
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

// Retries and rate limits take seconds by nature; each test stays well under a minute.
jest.setTimeout(60_000);

describe('delivery engine (e2e)', () => {
  let herald: TestApp;
  let admin: string;
  let type: string;
  const receivers: Receiver[] = [];
  const receiver = async (...args: Parameters<typeof Receiver.start>) => {
    const r = await Receiver.start(...args);
    receivers.push(r);
    return r;
  };

  beforeAll(async () => {
    herald = await startTestApp(
      testEnv({
        DELIVERY_RETRY_SCHEDULE: '0,1,1',
        DELIVERY_TIMEOUT_MS: '1000',
        WEBHOOK_DISABLE_AFTER: '3',
        LOGIN_RATE_LIMIT: '10000',
      }),
    );
    admin = await herald.http.adminToken();
    type = await newEventType(herald.http, admin);
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await herald.close();
  });

  const delivery = async (owner: Owner, webhookId: string, deliveryId: string) =>
    (await herald.http.get(`/api/webhooks/${webhookId}/deliveries/${deliveryId}`, owner.token)).body;
  const settled = (owner: Owner, webhookId: string, count = 1) =>
    waitFor(
      async () => {
        const rows = await deliveries(herald.http, owner, webhookId);
        return rows.length >= count && rows.every((row) => row.status !== 'pending') ? rows : null;
      },
      15_000,
      'deliveries to settle',
    );

  it('signs every delivery so that standardwebhooks, svix and a plain hex HMAC all verify it', async () => {
    const owner = await newOwner(herald.http);
    const rx = await receiver();
    const hook = await createWebhook(herald.http, owner, {
      url: `${rx.url}/hook`,
      events: [type],
      headers: { 'x-team': 'blue', authorization: 'Bearer receiver-token' },
    });
    const eventId = await publish(herald.http, owner, type, { n: 1, text: 'héllo ✓' });
    const [request] = await waitFor(
      () => rx.byEvent(eventId).length === 1 && rx.byEvent(eventId),
      10_000,
      'the delivery',
    );

    const headers = request.headers as Record<string, string>;
    expect(new StandardWebhook(hook.secret).verify(request.body, headers)).toMatchObject({ id: eventId });
    expect(new SvixWebhook(hook.secret).verify(request.body, headers)).toMatchObject({ id: eventId });
    expect(headers['x-webhook-signature']).toBe(
      `sha256=${createHmac('sha256', hook.secret).update(request.body).digest('hex')}`,
    );
    expect(JSON.parse(request.body)).toEqual({
      id: eventId,
      event: type,
      timestamp: expect.any(String),
      webhook_id: hook.id,
      data: { n: 1, text: 'héllo ✓' },
    });
    expect(Object.keys(JSON.parse(request.body))).toEqual(['id', 'event', 'timestamp', 'webhook_id', 'data']);
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': `Herald-Webhooks/${herald.config.version}`,
      'webhook-id': eventId,
      'x-webhook-event': type,
      'x-webhook-timestamp': headers['webhook-timestamp'],
      'x-team': 'blue',
      authorization: 'Bearer receiver-token',
    });
    expect(Math.abs(Number(headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(10);

    const [row] = await settled(owner, hook.id);
    expect(headers['x-webhook-delivery']).toBe(row.id);
    expect(row.payload_size_bytes).toBe(Buffer.byteLength(request.body));
    const detail = await delivery(owner, hook.id, row.id);
    expect(detail.attempts[0].request_headers).toMatchObject({
      'webhook-signature': '[redacted]',
      'x-webhook-signature': '[redacted]',
      authorization: '[redacted]',
      'x-team': 'blue',
      'webhook-id': eventId,
    });
  });

  it('signs with the new and the old secret during a rotation', async () => {
    const owner = await newOwner(herald.http);
    const rx = await receiver();
    const hook = await createWebhook(herald.http, owner, { url: rx.url, events: [type] });
    const rotated = await herald.http.post(`/api/webhooks/${hook.id}/rotate-secret`, undefined, owner.token);
    expect(rotated.status).toBe(200);
    const eventId = await publish(herald.http, owner, type);
    const [request] = await waitFor(
      () => rx.byEvent(eventId).length === 1 && rx.byEvent(eventId),
      10_000,
      'the delivery',
    );
    const headers = request.headers as Record<string, string>;
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(headers['x-webhook-signature'].split(',')).toHaveLength(2);
    for (const secret of [rotated.body.secret, hook.secret]) {
      expect(new StandardWebhook(secret).verify(request.body, headers)).toMatchObject({ id: eventId });
      expect(new SvixWebhook(secret).verify(request.body, headers)).toMatchObject({ id: eventId });
      expect(headers['x-webhook-signature']).toContain(
        `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`,
      );
    }
  });

  it('retries a 500 and succeeds on the next attempt with the same body and webhook-id', async () => {
    const owner = await newOwner(herald.http);
    const rx = await receiver((_req, i) => (i === 0 ? { status: 500, body: 'boom' } : { status: 200 }));
    const hook = await createWebhook(herald.http, owner, { url: rx.url, events: [type] });
    const eventId = await publish(herald.http, owner, type, { n: 2 });
    const [row] = await settled(owner, hook.id);
    expect(row).toMatchObject({
      status: 'success',
      status_code: 200,
      attempts: 2,
      error: null,
      event_id: eventId,
      event: type,
    });
    const [first, second] = rx.byEvent(eventId);
    expect(second.body).toBe(first.body);
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.at - first.at).toBeGreaterThanOrEqual(850); // schedule 1 s − 10 % jitter
    const detail = await delivery(owner, hook.id, row.id);
    expect(detail.attempt_count).toBe(2);
    expect(detail.attempts.map((a: any) => [a.attempt, a.status_code, a.response_body])).toEqual([
      [1, 500, 'boom'],
      [2, 200, ''],
    ]);
    expect(detail.attempts[0].error).toBe('receiver answered 500');
  });

  it('does not retry a 400, and fails after the last scheduled attempt', async () => {
    const owner = await newOwner(herald.http);
    const rx = await receiver((req) =>
      JSON.parse(req.body).data.kind === 'bad' ? { status: 400, body: 'nope' } : { status: 503 },
    );
    const hook = await createWebhook(herald.http, owner, { url: rx.url, events: [type] });
    const bad = await publish(herald.http, owner, type, { kind: 'bad' });
    const down = await publish(herald.http, owner, type, { kind: 'down' });
    const rows = await settled(owner, hook.id, 2);
    const byEvent = Object.fromEntries(rows.map((row) => [row.event_id, row]));
    expect(byEvent[bad]).toMatchObject({
      status: 'failed',
      status_code: 400,
      attempts: 1,
      error: 'receiver answered 400',
    });
    expect(byEvent[down]).toMatchObject({ status: 'failed', status_code: 503, attempts: 3 });
    expect(byEvent[down].completed_at).not.toBeNull();
    expect(rx.byEvent(bad)).toHaveLength(1);
    expect(rx.byEvent(down)).toHaveLength(3);
  });

  it('disables the webhook on 410 Gone and tells the owner', async () => {
    const owner = await newOwner(herald.http);
    const rx = await receiver(() => ({ status: 410 }));
    const hook = await createWebhook(herald.http, owner, { url: rx.url, events: [type] });
    await publish(herald.http, owner, type);
    const [row] = await settled(owner, hook.id);
    expect(row).toMatchObject({ status: 'failed', status_code: 410, attempts: 1 });
    const webhook = await waitFor(
      async () => {
        const got = (await herald.http.get(`/api/webhooks/${hook.id}`, owner.token)).body;
        return got.active === false && got;
      },
      5000,
      'the webhook to be disabled',
    );
    expect(webhook.disabled_reason).toMatch(/410/);
    await waitFor(
      async () => (await herald.http.get(`/api/events?type=webhook.disabled`, owner.token)).body.total === 1,
      5000,
      'webhook.disabled',
    );

    // A disabled webhook gets nothing new, and cannot be redelivered to until re-enabled.
    const after = await herald.http.post('/api/events', { type, data: {}, user_id: owner.id }, owner.token);
    expect(after.body.deliveries).toBe(0);
    const redeliver = await herald.http.post(
      `/api/webhooks/${hook.id}/deliveries/${row.id}/redeliver`,
      undefined,
      owner.token,
    );
    expect(redeliver.status).toBe(409);
    expect(rx.requests).toHaveLength(1);
  });

  it('disables a webhook after WEBHOOK_DISABLE_AFTER final failures in a row and publishes webhook.disabled', async () => {
    const owner = await newOwner(herald.http);
    const rx = await receiver(() => ({ status: 404 }));
    const hook = await createWebhook(herald.http, owner, { url: rx.url, events: [type] });
    for (let i = 0; i < 3; i++) await publish(herald.http, owner, type, { i });
    await settled(owner, hook.id, 3);
    const webhook = (await herald.http.get(`/api/webhooks/${hook.id}`, owner.token)).body;
    expect(webhook).toMatchObject({ active: false, consecutive_failures: 3 });
    expect(webhook.disabled_reason).toBeTruthy();
    const events = await waitFor(
      async () => {
        const listed = (await herald.http.get(`/api/events?type=webhook.disabled`, owner.token)).body;
        return listed.total === 1 && listed.data;
      },
      5000,
      'webhook.disabled',
    );
    expect(events[0].data).toMatchObject({ webhook_id: hook.id });

    // Re-enabling works and clears the reason.
    const enabled = await herald.http.patch(`/api/webhooks/${hook.id}`, { active: true }, owner.token);
    expect(enabled.body).toMatchObject({ active: true, disabled_reason: null });
    rx.respond = () => ({ status: 204 });
    await publish(herald.http, owner, type);
    await waitFor(
      async () => (await deliveries(herald.http, owner, hook.id, '&status=success')).length === 1,
      10_000,
      'delivery after re-enable',
    );
  });

  it('honours Retry-After on a 429 and retries a timeout', async () => {
    const owner = await newOwner(herald.http);
    const rx = await receiver((req, i) => {
      const kind = JSON.parse(req.body).data.kind;
      const nth = rx.requests.slice(0, i + 1).filter((r) => JSON.parse(r.body).data.kind === kind).length;
      if (nth > 1) return { status: 200 };
      return kind === 'busy' ? { status: 429, headers: { 'retry-after': '3' } } : 'hang';
    });
    const hook = await createWebhook(herald.http, owner, { url: rx.url, events: [type] });
    const busy = await publish(herald.http, owner, type, { kind: 'busy' });
    const slow = await publish(herald.http, owner, type, { kind: 'slow' });
    const rows = await settled(owner, hook.id, 2);
    expect(rows.every((row) => row.status === 'success' && row.attempts === 2)).toBe(true);
    const [first, second] = rx.byEvent(busy);
    expect(second.at - first.at).toBeGreaterThanOrEqual(2900);
    expect(second.at - first.at).toBeLessThan(8000);
    const slowRow = rows.find((row) => row.event_id === slow);
    const detail = await delivery(owner, hook.id, slowRow.id);
    expect(detail.attempts[0]).toMatchObject({ status_code: null, error: 'timeout after 1000 ms' });
    expect(detail.attempts[0].response_time_ms).toBeGreaterThanOrEqual(950);
  });

  it('never exceeds rate_limit_per_second at the receiver, and delays rather than drops', async () => {
    const owner = await newOwner(herald.http);
    const rx = await receiver();
    await createWebhook(herald.http, owner, { url: rx.url, events: [type], rate_limit_per_second: 4 });
    const ids = await Promise.all(
      Array.from({ length: 14 }, (_, i) => publish(herald.http, owner, type, { i })),
    );
    await waitFor(() => rx.uniqueIds().size === ids.length, 20_000, 'every event');
    const times = rx.requests.map((r) => r.at).sort((a, b) => a - b);
    for (let i = 0; i < times.length; i++) {
      expect(times.filter((t) => t >= times[i] && t < times[i] + 1000).length).toBeLessThanOrEqual(4);
    }
    expect(times[times.length - 1] - times[0]).toBeGreaterThanOrEqual(3000);
  });

  it('redelivers a failed delivery with the same webhook-id, and recovers failed deliveries since a time', async () => {
    const owner = await newOwner(herald.http);
    const rx = await receiver(() => ({ status: 400 }));
    const hook = await createWebhook(herald.http, owner, { url: rx.url, events: [type] });
    const since = new Date(Date.now() - 1000).toISOString();
    // Two failures: one short of WEBHOOK_DISABLE_AFTER.
    const ids = [
      await publish(herald.http, owner, type, { i: 0 }),
      await publish(herald.http, owner, type, { i: 1 }),
    ];
    const failed = await settled(owner, hook.id, 2);
    rx.respond = () => ({ status: 200 });

    const target = failed.find((row) => row.event_id === ids[0]);
    const redelivered = await herald.http.post(
      `/api/webhooks/${hook.id}/deliveries/${target.id}/redeliver`,
      undefined,
      owner.token,
    );
    expect(redelivered.status).toBe(202);
    await waitFor(
      async () => (await delivery(owner, hook.id, target.id)).status === 'success',
      10_000,
      'the redelivery',
    );
    const detail = await delivery(owner, hook.id, target.id);
    expect(detail).toMatchObject({ attempt_count: 2, status_code: 200, error: null });
    const [before, after] = rx.byEvent(ids[0]);
    expect(after.headers['webhook-id']).toBe(before.headers['webhook-id']);
    expect(after.body).toBe(before.body);

    // A pending or unknown delivery cannot be redelivered; another user's webhook is a 404.
    expect(
      (
        await herald.http.post(
          `/api/webhooks/${hook.id}/deliveries/dlv_nope/redeliver`,
          undefined,
          owner.token,
        )
      ).status,
    ).toBe(404);
    const stranger = await newOwner(herald.http);
    expect(
      (
        await herald.http.post(
          `/api/webhooks/${hook.id}/deliveries/${target.id}/redeliver`,
          undefined,
          stranger.token,
        )
      ).status,
    ).toBe(404);

    expect(
      (await herald.http.post(`/api/webhooks/${hook.id}/recover`, { since: 'yesterday' }, owner.token))
        .status,
    ).toBe(400);
    const future = await herald.http.post(
      `/api/webhooks/${hook.id}/recover`,
      { since: new Date(Date.now() + 60_000).toISOString() },
      owner.token,
    );
    expect(future.body).toEqual({ redelivered: 0 });
    const recovered = await herald.http.post(`/api/webhooks/${hook.id}/recover`, { since }, owner.token);
    expect(recovered.status).toBe(202);
    expect(recovered.body).toEqual({ redelivered: 1 });
    await waitFor(
      async () => (await deliveries(herald.http, owner, hook.id, '&status=success')).length === 2,
      10_000,
      'recovered deliveries',
    );
    expect(rx.byEvent(ids[1]).map((r) => r.headers['webhook-id'])).toEqual([ids[1], ids[1]]);
  });

  it('lists, filters and shows deliveries and their stats in docs/API.md shapes', async () => {
    const owner = await newOwner(herald.http);
    const rx = await receiver((req) =>
      JSON.parse(req.body).data.ok ? { status: 200, body: 'x'.repeat(10_000) } : { status: 422 },
    );
    const hook = await createWebhook(herald.http, owner, { url: rx.url, events: [type] });
    const okIds = [
      await publish(herald.http, owner, type, { ok: true }),
      await publish(herald.http, owner, type, { ok: true }),
    ];
    await publish(herald.http, owner, type, { ok: false });
    await settled(owner, hook.id, 3);

    const page = (await herald.http.get(`/api/webhooks/${hook.id}/deliveries?limit=2`, owner.token)).body;
    expect(page).toMatchObject({ page: 1, limit: 2, total: 3 });
    expect(Object.keys(page.data[0]).sort()).toEqual([
      'attempts',
      'completed_at',
      'error',
      'event',
      'event_id',
      'id',
      'payload_size_bytes',
      'response_time_ms',
      'status',
      'status_code',
      'triggered_at',
    ]);
    expect(page.data[0].id > page.data[1].id).toBe(true); // newest first
    const successes = await deliveries(herald.http, owner, hook.id, '&status=success');
    expect(successes.map((row) => row.event_id).sort()).toEqual([...okIds].sort());
    expect(await deliveries(herald.http, owner, hook.id, `&event=${type}&status=failed`)).toHaveLength(1);
    expect(await deliveries(herald.http, owner, hook.id, '&event=other.type')).toHaveLength(0);
    expect(
      (await herald.http.get(`/api/webhooks/${hook.id}/deliveries?status=done`, owner.token)).status,
    ).toBe(400);
    // The filter follows the catalog's rule for a type (lowercase, two or three segments).
    const badFilter = await herald.http.get(`/api/webhooks/${hook.id}/deliveries?event=Sync`, owner.token);
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.message).toContain('event must be an event type such as sync.completed');

    const detail = await delivery(owner, hook.id, successes[0].id);
    expect(detail.attempts[0].response_body).toHaveLength(4096);
    expect(Object.keys(detail.attempts[0]).sort()).toEqual([
      'attempt',
      'created_at',
      'error',
      'request_headers',
      'response_body',
      'response_time_ms',
      'status_code',
    ]);

    const stats = (await herald.http.get(`/api/webhooks/${hook.id}/stats`, owner.token)).body;
    expect(stats).toMatchObject({ total: 3, success: 2, failed: 1, pending: 0, success_rate: 0.6667 });
    const all = await deliveries(herald.http, owner, hook.id);
    const times = (await Promise.all(all.map((row) => delivery(owner, hook.id, row.id))))
      .flatMap((d) => d.attempts.map((a: any) => a.response_time_ms as number))
      .sort((a, b) => a - b);
    const rank = 0.95 * (times.length - 1);
    const p95 =
      times[Math.floor(rank)] +
      (rank - Math.floor(rank)) * (times[Math.ceil(rank)] - times[Math.floor(rank)]);
    expect(stats.avg_response_time_ms).toBe(Math.round(times.reduce((a, b) => a + b, 0) / times.length));
    expect(stats.p95_response_time_ms).toBe(Math.round(p95));
    expect(new Date(stats.last_triggered_at).getTime()).toBeGreaterThan(Date.now() - 60_000);

    const stranger = await newOwner(herald.http);
    for (const path of ['deliveries', `deliveries/${detail.id}`, 'stats']) {
      expect((await herald.http.get(`/api/webhooks/${hook.id}/${path}`, stranger.token)).status).toBe(404);
    }
  });

  it('sends a synchronous webhook.test and reports failures with 200', async () => {
    const owner = await newOwner(herald.http);
    const rx = await receiver((_req, i) =>
      i === 0 ? { status: 200, body: 'thanks' } : { status: 500, body: 'down' },
    );
    const hook = await createWebhook(herald.http, owner, { url: rx.url, events: [type] });
    const ok = await herald.http.post(`/api/webhooks/${hook.id}/test`, undefined, owner.token);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      delivered: true,
      status_code: 200,
      response_body: 'thanks',
      error: null,
    });
    expect(ok.body.response_time_ms).toEqual(expect.any(Number));
    const request = rx.requests[0];
    expect(
      new StandardWebhook(hook.secret).verify(request.body, request.headers as Record<string, string>),
    ).toMatchObject({ event: 'webhook.test', webhook_id: hook.id });
    expect(request.headers['webhook-id']).toMatch(/^evt_/);

    const failed = await herald.http.post(`/api/webhooks/${hook.id}/test`, undefined, owner.token);
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      delivered: false,
      status_code: 500,
      response_body: 'down',
      error: 'receiver answered 500',
    });

    await rx.close();
    const refused = await herald.http.post(`/api/webhooks/${hook.id}/test`, undefined, owner.token);
    expect(refused.body).toMatchObject({ delivered: false, status_code: null, response_body: null });
    expect(refused.body.error).toMatch(/ECONNREFUSED/);
    expect(await deliveries(herald.http, owner, hook.id)).toHaveLength(0);
  });
});
