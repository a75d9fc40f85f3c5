import { Injectable, Module } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { WEBHOOK_DISABLED_SIGNAL, WebhookDisabledSignal } from '../src/bus/bus-names';
import { EventPublisher } from '../src/events/publishing/event-publisher.service';
import { OnHeraldEvent } from '../src/bus/on-herald-event.decorator';
import { PublishedEvent } from '../src/bus/published-event';
import { EventsModule } from '../src/events/events.module';
import { EventRetentionService } from '../src/events/retention/event-retention.service';
import { startTestApp, TestApp, testEnv } from './support/test-app';

/** A module of a "host application": reacts with the decorator and publishes in-process. */
@Injectable()
class SyncWatcher {
  readonly received: PublishedEvent[] = [];
  @OnHeraldEvent('sync.*')
  onSync(event: PublishedEvent): void {
    this.received.push(event);
  }
}

@Injectable()
class Extractor {
  constructor(readonly events: EventPublisher) {}
}

@Module({ imports: [EventsModule], providers: [SyncWatcher, Extractor] })
class HostModule {}

const SYNC = { user_id: 'abc', items_synced: 150, errors: [], duration_s: 12.3 };

async function until(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('events: publishing, reading, bus, retention (e2e)', () => {
  let herald: TestApp;
  let receiver: Server;
  let receiverUrl: string;
  let db: DataSource;
  let publisher: { id: string; token: string };
  let alice: { id: string; token: string };
  let bob: { id: string; token: string };

  const publish = (body: unknown, token = publisher.token) => herald.http.post('/api/events', body, token);
  const hook = (token: string, events: string[], extra: Record<string, unknown> = {}) =>
    herald.http.post('/api/webhooks', { url: receiverUrl, events, ...extra }, token);
  const deliveriesOf = async (eventId: string) =>
    Number((await db.query('SELECT count(*)::int AS n FROM deliveries WHERE event_id = $1', [eventId]))[0].n);

  beforeAll(async () => {
    receiver = createServer((req, res) => req.resume().on('end', () => res.writeHead(204).end()));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    herald = await startTestApp(testEnv(), { imports: [HostModule] });
    db = herald.app.get(DataSource);
    publisher = await herald.http.newUser('publisher');
    alice = await herald.http.newUser();
    bob = await herald.http.newUser();
  });
  afterAll(async () => {
    await herald.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  it('answers 202 with the fan-out count, after the deliveries are committed', async () => {
    expect((await hook(alice.token, ['sync.*'])).status).toBe(201);
    expect((await hook(bob.token, ['*'])).status).toBe(201);
    expect((await hook(bob.token, ['gaps.updated'])).status).toBe(201);

    const platformWide = await publish({ type: 'sync.completed', data: SYNC });
    expect(platformWide.status).toBe(202);
    expect(platformWide.body).toMatchObject({
      type: 'sync.completed',
      user_id: null,
      data: SYNC,
      deliveries: 2,
    });
    expect(platformWide.body.id).toMatch(/^evt_[0-9A-Z]{26}$/);
    expect(Date.parse(platformWide.body.created_at)).not.toBeNaN();
    expect(await deliveriesOf(platformWide.body.id)).toBe(2);

    const alicesOwn = await publish({ type: 'sync.completed', data: SYNC, user_id: alice.id });
    expect(alicesOwn.body.deliveries).toBe(1);
    expect(await deliveriesOf(alicesOwn.body.id)).toBe(1);
  });

  it('routes by channels: a webhook with channels only gets events whose channels intersect', async () => {
    const carol = await herald.http.newUser();
    expect((await hook(carol.token, ['extraction.*'], { channels: ['eu'] })).status).toBe(201);
    const data = { version: '20260301', entity_types: ['works'] };
    const eu = await publish({ type: 'extraction.started', data, user_id: carol.id, channels: ['eu', 'us'] });
    const us = await publish({ type: 'extraction.started', data, user_id: carol.id, channels: ['us'] });
    const none = await publish({ type: 'extraction.started', data, user_id: carol.id });
    expect([eu.body.deliveries, us.body.deliveries, none.body.deliveries]).toEqual([1, 0, 0]);
  });

  it('refuses unknown types and schema-invalid data with 422, bad shapes with 400, users with 403', async () => {
    const unknown = await publish({ type: 'sync.exploded', data: {} });
    expect(unknown.status).toBe(422);
    expect(unknown.body.message).toContain('Unknown event type "sync.exploded"');

    const invalid = await publish({ type: 'sync.completed', data: { user_id: 'abc', items_synced: 'many' } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.message).toBe('data does not match the schema of sync.completed');
    expect(invalid.body.details.length).toBeGreaterThan(0);
    expect(JSON.stringify(invalid.body.details)).toContain('items_synced');

    expect((await publish({ type: 'sync.completed' })).status).toBe(400);
    expect((await publish({ type: 'sync.completed', data: [1, 2] })).status).toBe(400);
    expect((await publish({ type: 'sync.completed', data: SYNC, extra: 1 })).status).toBe(400);
    const ghost = await publish({ type: 'sync.completed', data: SYNC, user_id: 'usr_nobody' });
    expect(ghost.status).toBe(422);
    expect(ghost.body.message).toContain('is not a Herald user');

    const asUser = await publish({ type: 'sync.completed', data: SYNC }, alice.token);
    expect(asUser.status).toBe(403);
    const count = Number(
      (await db.query('SELECT count(*)::int AS n FROM events WHERE type = $1', ['sync.exploded']))[0].n,
    );
    expect(count).toBe(0);
  });

  it('returns the first event for a repeated idempotency key, with one set of deliveries, even under a race', async () => {
    const body = { type: 'sync.completed', data: SYNC, user_id: alice.id, idempotency_key: 'sync-42' };
    const first = await publish(body);
    const again = await publish(body);
    expect(first.status).toBe(202);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const raced = await Promise.all(
      Array.from({ length: 6 }, () => publish({ ...body, idempotency_key: 'race-1' })),
    );
    expect(new Set(raced.map((r) => r.body.id)).size).toBe(1);
    expect(raced.filter((r) => r.status === 202)).toHaveLength(1);
    const events = await db.query('SELECT id FROM events WHERE idempotency_key = $1', ['race-1']);
    expect(events).toHaveLength(1);
    expect(await deliveriesOf(events[0].id)).toBe(1);

    // Keys belong to their publisher: another publisher's same key is a new event.
    const other = await herald.http.newUser('publisher');
    const theirs = await publish(body, other.token);
    expect(theirs.status).toBe(202);
    expect(theirs.body.id).not.toBe(first.body.id);
  });

  it('answers a repeated idempotency key with the first event even after its type left the catalog', async () => {
    const admin = await herald.http.adminToken();
    expect(
      (await herald.http.post('/api/events/types', { type: 'idem.check', description: 'x' }, admin)).status,
    ).toBe(201);
    const first = await publish({ type: 'idem.check', data: {}, idempotency_key: 'idem-after-delete' });
    expect(first.status).toBe(202);
    expect((await herald.http.delete('/api/events/types/idem.check', admin)).status).toBe(204);
    const again = await publish({ type: 'idem.check', data: {}, idempotency_key: 'idem-after-delete' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect((await publish({ type: 'idem.check', data: {} })).status).toBe(422);
  });

  it("scopes reading: own and platform-wide events, never another user's; admins see all", async () => {
    const mine = await publish({
      type: 'sync.failed',
      data: { user_id: 'a', error_message: 'x' },
      user_id: alice.id,
    });
    const platform = await publish({ type: 'sync.failed', data: { user_id: 'a', error_message: 'y' } });

    const bobsList = await herald.http.get('/api/events?type=sync.failed&limit=100', bob.token);
    const bobsIds = bobsList.body.data.map((e: { id: string }) => e.id);
    expect(bobsIds).toContain(platform.body.id);
    expect(bobsIds).not.toContain(mine.body.id);
    expect((await herald.http.get(`/api/events/${mine.body.id}`, bob.token)).status).toBe(404);
    expect((await herald.http.get(`/api/events/${mine.body.id}`, alice.token)).body).toMatchObject({
      id: mine.body.id,
      user_id: alice.id,
      type: 'sync.failed',
    });
    expect((await herald.http.get('/api/events/evt_nope', alice.token)).status).toBe(404);

    const alicesList = await herald.http.get('/api/events?type=sync.failed', alice.token);
    expect(alicesList.body.data[0].id).toBe(platform.body.id); // newest first
    expect(alicesList.body.data[1].id).toBe(mine.body.id);
    expect(alicesList.body.data.every((e: { type: string }) => e.type === 'sync.failed')).toBe(true);

    const admin = await herald.http.adminToken();
    expect((await herald.http.get(`/api/events/${mine.body.id}`, admin)).status).toBe(200);
    const page = await herald.http.get('/api/events?limit=1&page=2', admin);
    expect(page.body).toMatchObject({ page: 2, limit: 1 });
    expect(page.body.data).toHaveLength(1);
    expect(page.body.total).toBeGreaterThan(2);
  });

  it('hands every published event of a type to a decorated handler in another module', async () => {
    const watcher = herald.app.get(SyncWatcher);
    const before = watcher.received.length;
    const published = await publish({ type: 'sync.completed', data: SYNC, user_id: bob.id });
    await publish({ type: 'gaps.updated', data: { user_id: 'a', entity_type: 'work', entity_id: 'w1' } });
    await until(() => watcher.received.some((e) => e.id === published.body.id));
    const got = watcher.received.find((e) => e.id === published.body.id)!;
    expect(got).toMatchObject({ type: 'sync.completed', userId: bob.id, data: SYNC });
    expect(got.deliveryIds).toHaveLength(1);
    expect(watcher.received.slice(before).every((e) => e.type.startsWith('sync.'))).toBe(true);
  });

  it('persists and fans out an in-process publish exactly like an HTTP one', async () => {
    const extractor = herald.app.get(Extractor);
    const result = await extractor.events.publish('sync.completed', SYNC, { userId: alice.id });
    expect(result.replayed).toBe(false);
    expect(result.deliveries).toBe(1);
    expect(await deliveriesOf(result.event.id)).toBe(1);
    expect((await herald.http.get(`/api/events/${result.event.id}`, alice.token)).status).toBe(200);
    await expect(extractor.events.publish('sync.completed', { items_synced: -1 })).rejects.toMatchObject({
      status: 422,
    });
  });

  it('refuses in-process what HTTP refuses, with the same 400, and answers with the API shape', async () => {
    const { events } = herald.app.get(Extractor);
    const refused: Array<{ channels?: string[]; idempotencyKey?: string }> = [
      { channels: Array.from({ length: 51 }, (_, i) => `c${i}`) },
      { channels: [''] },
      { idempotencyKey: 'has spaces' },
      { idempotencyKey: 'k'.repeat(256) },
    ];
    for (const options of refused) {
      const viaHttp = await publish({
        type: 'sync.completed',
        data: SYNC,
        channels: options.channels,
        idempotency_key: options.idempotencyKey,
      });
      expect(viaHttp.status).toBe(400);
      await expect(events.publish('sync.completed', SYNC, options)).rejects.toMatchObject({
        status: 400,
        response: { message: viaHttp.body.message, details: viaHttp.body.details },
      });
    }
    await expect(
      events.publish('sync.completed', [1, 2] as unknown as Record<string, unknown>),
    ).rejects.toMatchObject({ status: 400 });

    const result = await events.publish('sync.completed', SYNC, { idempotencyKey: 'in-process-1' });
    const viaHttp = await herald.http.get(`/api/events/${result.event.id}`, publisher.token);
    expect(result.event).toEqual(viaHttp.body);
    const again = await events.publish('sync.completed', SYNC, { idempotencyKey: 'in-process-1' });
    expect(again).toEqual({ ...result, replayed: true });
  });

  it("turns the delivery engine's disable signal into a webhook.disabled event for the owner", async () => {
    const signal: WebhookDisabledSignal = {
      webhookId: 'wh_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P',
      userId: bob.id,
      url: receiverUrl,
      name: null,
      reason: '15 deliveries in a row failed',
      disabledAt: new Date(),
    };
    await herald.app.get(EventEmitter2).emitAsync(WEBHOOK_DISABLED_SIGNAL, signal);
    const list = await herald.http.get('/api/events?type=webhook.disabled', bob.token);
    expect(list.body.data[0]).toMatchObject({
      type: 'webhook.disabled',
      user_id: bob.id,
      data: { webhook_id: signal.webhookId, reason: signal.reason, url: receiverUrl },
    });
    expect((await herald.http.get('/api/events?type=webhook.disabled', alice.token)).body.total).toBe(0);
  });

  it('removes events past retention with their deliveries, and keeps the rest', async () => {
    const old = await publish({ type: 'sync.completed', data: SYNC, user_id: alice.id });
    const fresh = await publish({ type: 'sync.completed', data: SYNC, user_id: alice.id });
    await db.query(`UPDATE events SET created_at = now() - interval '31 days' WHERE id = $1`, [old.body.id]);

    const removed = await herald.app.get(EventRetentionService).purge();
    expect(removed).toBe(1);
    expect(
      await db.query('SELECT id FROM events WHERE id = ANY($1)', [[old.body.id, fresh.body.id]]),
    ).toEqual([{ id: fresh.body.id }]);
    expect(await deliveriesOf(old.body.id)).toBe(0);
    expect(await deliveriesOf(fresh.body.id)).toBe(1);
  });
});
