import { Type } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { WEBHOOK_DISABLED_SIGNAL } from '../src/bus/bus-names';
import { webhookDisabledSignal } from './support/bus-signals';
import { MailboxWorker } from '../src/delivery/mailbox/mailbox-worker';
import { EventAnnouncer } from '../src/sse/event-announcer.service';
import { SseBridge } from '../src/sse/sse-bridge.service';
import { RawStream } from './support/sse-client';
import { startTestApp, TestApp, testEnv } from './support/test-app';

/** The roles as modules: a worker holds no stream, yet what it publishes reaches the API's streams. */
describe('events published by a delivery worker (e2e)', () => {
  let api: TestApp;
  let worker: TestApp;
  const open: RawStream[] = [];
  // app.get() of a missing provider ends the process (abortOnError), so ask the module graph instead.
  const provides = (instance: TestApp, provider: Type): boolean =>
    [...instance.app.get(ModulesContainer).values()].some((module) => module.providers.has(provider));

  beforeAll(async () => {
    api = await startTestApp(testEnv({ HERALD_ROLE: 'api' }));
    worker = await startTestApp({ ...api.env, HERALD_ROLE: 'worker' }, { owner: false });
  });
  afterEach(() => open.splice(0).forEach((stream) => stream.close()));
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  it('composes each role from its modules: the worker delivers and announces, the API streams', () => {
    expect(provides(worker, MailboxWorker)).toBe(true);
    expect(provides(worker, EventAnnouncer)).toBe(true);
    expect(provides(worker, SseBridge)).toBe(false);
    expect(provides(api, SseBridge)).toBe(true);
    expect(provides(api, EventAnnouncer)).toBe(true);
    expect(provides(api, MailboxWorker)).toBe(false);
  });

  it("delivers a worker's webhook.disabled to the owner's stream on an API instance", async () => {
    const alice = await api.http.newUser();
    const stream = await RawStream.open(`${api.baseUrl}/api/events/stream?types=webhook.*`, {
      authorization: `Bearer ${alice.token}`,
    });
    open.push(stream);
    expect(stream.status).toBe(200);
    await stream.waitForOpen();

    const signal = webhookDisabledSignal(alice.id);
    worker.app.get(EventEmitter2).emit(WEBHOOK_DISABLED_SIGNAL, signal);

    await stream.waitForEvents(1);
    expect(stream.events()[0]).toMatchObject({
      event: 'webhook.disabled',
      id: expect.stringMatching(/^evt_/),
    });
    expect(JSON.parse(stream.events()[0].data!)).toMatchObject({
      webhook_id: signal.webhookId,
      reason: signal.reason,
    });
  });
});
