import { DataSource } from 'typeorm';
import { WebhookSubscribers } from '../src/webhooks/subscribers/webhook-subscribers';
import { DeliveryTargets } from '../src/webhooks/targets/delivery-targets.service';
import { WebhooksService } from '../src/webhooks/webhooks.service';
import { startTestApp, TestApp, testEnv } from './support/test-app';

describe('WebhooksService for the publish and delivery paths (e2e)', () => {
  let herald: TestApp;
  let service: WebhooksService;
  let targets: DeliveryTargets;
  let subscribers: WebhookSubscribers;
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };
  const hooks: Record<string, string> = {};

  const make = async (owner: { token: string }, label: string, body: Record<string, unknown>) => {
    const response = await herald.http.post(
      '/api/webhooks',
      { url: `https://hooks.example.com/${label}`, ...body },
      owner.token,
    );
    if (response.status !== 201) throw new Error(`${label}: ${response.status} ${response.text}`);
    hooks[label] = response.body.id;
  };
  const labelsOf = async (event: { type: string; userId: string | null; channels: string[] | null }) => {
    const ids = await subscribers.find(event);
    return Object.entries(hooks)
      .filter(([, id]) => ids.includes(id))
      .map(([label]) => label)
      .sort();
  };

  beforeAll(async () => {
    herald = await startTestApp(testEnv({ WEBHOOKS_PER_USER_LIMIT: '10', WEBHOOK_DISABLE_AFTER: '3' }));
    service = herald.app.get(WebhooksService);
    targets = herald.app.get(DeliveryTargets);
    subscribers = herald.app.get(WebhookSubscribers);
    alice = await herald.http.newUser();
    bob = await herald.http.newUser();
    await make(alice, 'a-exact', { events: ['sync.completed'] });
    await make(alice, 'a-prefix', { events: ['sync.*'] });
    await make(alice, 'a-all', { events: ['*'] });
    await make(alice, 'a-gaps', { events: ['gaps.updated'] });
    await make(alice, 'a-channel', { events: ['*'], channels: ['team-a', 'team-b'] });
    await make(alice, 'a-inactive', { events: ['*'], active: false });
    await make(bob, 'b-exact', { events: ['sync.completed'] });
    await make(bob, 'b-channel', { events: ['sync.*'], channels: ['team-b'] });
  });
  afterAll(() => herald.close());

  it('matches exact types, prefix wildcards and *, skipping inactive webhooks', async () => {
    expect(await labelsOf({ type: 'sync.completed', userId: null, channels: null })).toEqual([
      'a-all',
      'a-exact',
      'a-prefix',
      'b-exact',
    ]);
    expect(await labelsOf({ type: 'sync.failed', userId: null, channels: null })).toEqual([
      'a-all',
      'a-prefix',
    ]);
    expect(await labelsOf({ type: 'gaps.updated', userId: null, channels: null })).toEqual([
      'a-all',
      'a-gaps',
    ]);
    expect(await labelsOf({ type: 'extraction.started', userId: null, channels: null })).toEqual(['a-all']);
  });

  it("limits a user's event to that user's webhooks; a platform event reaches everyone's", async () => {
    expect(await labelsOf({ type: 'sync.completed', userId: alice.id, channels: null })).toEqual([
      'a-all',
      'a-exact',
      'a-prefix',
    ]);
    expect(await labelsOf({ type: 'sync.completed', userId: bob.id, channels: null })).toEqual(['b-exact']);
    expect(
      await labelsOf({ type: 'sync.completed', userId: 'usr_00000000000000000000000000', channels: null }),
    ).toEqual([]);
  });

  it('sends channel events to webhooks without channels and to those whose channels intersect', async () => {
    expect(await labelsOf({ type: 'sync.completed', userId: null, channels: ['team-b'] })).toEqual([
      'a-all',
      'a-channel',
      'a-exact',
      'a-prefix',
      'b-channel',
      'b-exact',
    ]);
    expect(await labelsOf({ type: 'sync.completed', userId: null, channels: ['team-a', 'other'] })).toEqual([
      'a-all',
      'a-channel',
      'a-exact',
      'a-prefix',
      'b-exact',
    ]);
    expect(await labelsOf({ type: 'sync.completed', userId: null, channels: ['other'] })).toEqual([
      'a-all',
      'a-exact',
      'a-prefix',
      'b-exact',
    ]);
    expect(await labelsOf({ type: 'sync.completed', userId: bob.id, channels: [] })).toEqual(['b-exact']);
  });

  it('runs inside a caller transaction when given its manager', async () => {
    const dataSource = herald.app.get(DataSource);
    const inside = await dataSource.transaction(async (manager) => {
      await manager.query('UPDATE webhooks SET active = false WHERE id = $1', [hooks['a-gaps']]);
      return subscribers.find({ type: 'gaps.updated', userId: alice.id, channels: null }, manager);
    });
    expect(inside).toEqual([hooks['a-all']]);
    await dataSource.query('UPDATE webhooks SET active = true WHERE id = $1', [hooks['a-gaps']]);
  });

  it('records outcomes atomically and disables after WEBHOOK_DISABLE_AFTER failures in a row, reporting the flip once', async () => {
    const id = hooks['b-exact'];
    const at = new Date('2026-03-01T12:00:00.000Z');
    const row = async () =>
      (await herald.app.get(DataSource).query('SELECT * FROM webhooks WHERE id = $1', [id]))[0];
    await targets.recordSuccesses([{ webhookId: id, at }]);
    expect(await row()).toMatchObject({ success_count: '1', consecutive_failures: 0 });
    // The target comes back only with the call that disabled it (the others need not re-read it).
    expect(await targets.recordFinalFailure(id, at)).toBeNull();
    await targets.recordSuccesses([{ webhookId: id, at }]);
    expect(await row()).toMatchObject({ consecutive_failures: 0, failure_count: '1' });

    const racing = await Promise.all(Array.from({ length: 5 }, () => targets.recordFinalFailure(id, at)));
    expect(racing.filter((r) => r !== null)).toHaveLength(1);
    expect(racing.find((r) => r !== null)).toMatchObject({
      target: { id, active: false },
      reason: '3 deliveries in a row failed',
    });
    const got = await herald.http.get(`/api/webhooks/${id}`, bob.token);
    expect(got.body).toMatchObject({
      active: false,
      disabled_reason: '3 deliveries in a row failed',
      consecutive_failures: 5,
      success_rate: 0.25,
      last_triggered_at: at.toISOString(),
    });
    expect(await targets.recordFinalFailure('wh_00000000000000000000000000', at)).toBeNull();
  });

  it('recordSuccesses() adds up many successes per webhook in one statement and resets the failure streak', async () => {
    const [one, two] = [hooks['a-all'], hooks['a-gaps']];
    const rowOf = async (id: string) =>
      (await herald.app.get(DataSource).query('SELECT * FROM webhooks WHERE id = $1', [id]))[0];
    await targets.recordFinalFailure(one, new Date('2026-03-01T00:00:00.000Z'));
    const before = { one: await rowOf(one), two: await rowOf(two) };
    expect(before.one.consecutive_failures).toBe(1);
    const latest = new Date('2026-03-02T10:00:00.000Z');
    await targets.recordSuccesses([
      { webhookId: one, at: new Date('2026-03-02T09:00:00.000Z') },
      { webhookId: two, at: new Date('2026-03-02T08:00:00.000Z') },
      { webhookId: one, at: latest },
      { webhookId: one, at: new Date('2026-03-02T09:30:00.000Z') },
    ]);
    const after = { one: await rowOf(one), two: await rowOf(two) };
    expect(Number(after.one.success_count) - Number(before.one.success_count)).toBe(3);
    expect(Number(after.two.success_count) - Number(before.two.success_count)).toBe(1);
    expect(after.one.consecutive_failures).toBe(0);
    expect(after.one.last_triggered_at).toEqual(latest);
    await targets.recordSuccesses([]);
  });

  it('disable() flips an active webhook once and returns null afterwards', async () => {
    const id = hooks['a-exact'];
    const first = await targets.disable(id, 'Receiver answered 410 Gone');
    expect(first).toMatchObject({ id, active: false });
    expect(await targets.disable(id, 'again')).toBeNull();
    expect(await targets.disable('wh_00000000000000000000000000', 'gone')).toBeNull();
    await expect(service.getOwned(bob.id, id)).rejects.toMatchObject({ status: 404 });
    await expect(service.getOwned(alice.id, id)).resolves.toMatchObject({ id });
  });
});
