import { NestExpressApplication } from '@nestjs/platform-express';
import { Webhook } from 'standardwebhooks';
import { createApp } from '../src/bootstrap/create-app';
import { loadConfig } from '../src/config/load-config';
import { closedPort, ProcessHandle, spawnTs } from './support/herald-process';
import { HttpClient } from './support/http-client';
import { Receiver } from './support/receiver';
import { dropTestState, startTestApp, testEnv, TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

/** A Herald on a fixed port, so that `listen --url` finds it again after a restart. */
async function heraldOn(env: Record<string, string>, port: number): Promise<NestExpressApplication> {
  const app = await createApp(loadConfig(env));
  await app.listen(port, '127.0.0.1');
  return app;
}

describe('npx herald listen (e2e)', () => {
  const env = testEnv();
  let port: number;
  let herald: NestExpressApplication | undefined;
  let http: HttpClient;
  let admin: string;
  let apiKey: string;
  let receiver: Receiver;
  let listen: ProcessHandle;
  const published: string[] = [];

  const publish = async (client: HttpClient, data: Record<string, unknown> = {}) => {
    const response = await client.post(
      '/api/events',
      {
        type: 'sync.completed',
        data: { user_id: 'u1', items_synced: 1, errors: [], duration_s: 1, ...data },
      },
      admin,
    );
    expect(response.status).toBe(202);
    return response.body.id as string;
  };

  beforeAll(async () => {
    port = await closedPort();
    herald = await heraldOn(env, port);
    http = new HttpClient(`http://127.0.0.1:${port}`);
    admin = await http.adminToken();
    const key = await http.post('/api/api-keys', { name: 'listen' }, admin);
    expect(key.status).toBe(201);
    apiKey = key.body.key;
    receiver = await Receiver.start();
    listen = spawnTs(
      'src/cli/herald.ts',
      ['listen', '--forward-to', `${receiver.url}/hooks`, '--url', http.baseUrl, '--secret', SECRET],
      { HERALD_API_KEY: apiKey },
    );
    await listen.waitForLine(/Connected; waiting for events/, 60_000);
  }, 120_000);

  afterAll(async () => {
    await listen?.stop();
    await herald?.close();
    await receiver?.close();
    await dropTestState(env);
  });

  it('prints the secret, forwards each event signed as a webhook delivery, and prints a line for it', async () => {
    expect(listen.output()).toContain(`Signing secret: ${SECRET}`);
    for (let i = 0; i < 3; i++) published.push(await publish(http, { items_synced: i }));
    await waitFor(() => receiver.requests.length >= 3, 20_000, 'three forwarded events');

    const verifier = new Webhook(SECRET);
    receiver.requests.forEach((request, i) => {
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/hooks');
      const body = verifier.verify(request.body, request.headers as Record<string, string>) as Record<
        string,
        any
      >;
      expect(body).toMatchObject({ id: published[i], event: 'sync.completed', data: { items_synced: i } });
      expect(body.webhook_id).toMatch(/^wh_/);
      expect(request.headers).toMatchObject({
        'webhook-id': published[i],
        'x-webhook-event': 'sync.completed',
        'content-type': 'application/json',
      });
      expect(request.headers['x-webhook-delivery']).toMatch(/^dlv_/);
      expect(request.headers['user-agent']).toMatch(/^Herald-Webhooks\//);
    });
    // The body's timestamp is the event's created_at, as in a real delivery.
    const stored = await http.get(`/api/events/${published[0]}`, admin);
    expect(JSON.parse(receiver.requests[0].body).timestamp).toBe(stored.body.created_at);

    await waitFor(() => published.every((id) => listen.output().includes(id)), 10_000, 'a line per event');
    for (const id of published) {
      expect(listen.output()).toMatch(
        new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  sync\\.completed +${id}  -> 200 in \\d+ ms$`, 'm'),
      );
    }
  }, 60_000);

  it('resumes with Last-Event-ID after Herald restarts: nothing missed, nothing twice', async () => {
    // A second listener that has seen no event yet resumes from the position its stream opened at.
    const freshReceiver = await Receiver.start();
    const fresh = spawnTs(
      'src/cli/herald.ts',
      ['listen', '--forward-to', freshReceiver.url, '--url', http.baseUrl, '--events', 'extraction.*'],
      { HERALD_API_KEY: apiKey },
    );
    try {
      await fresh.waitForLine(/Connected; waiting for events/, 60_000);
      await resumeAfterRestart();
      await fresh.waitForLine(/Reconnected; resuming after pos_/, 30_000);
      await waitFor(
        () => freshReceiver.requests.length >= 1,
        20_000,
        'the event published while Herald was down',
      );
      expect(freshReceiver.requests.map((request) => request.headers['webhook-id'])).toEqual([whileDown]);
    } finally {
      await fresh.stop();
      await freshReceiver.close();
    }
  }, 180_000);

  let whileDown = '';
  async function resumeAfterRestart(): Promise<void> {
    await herald!.close();
    herald = undefined;
    await listen.waitForLine(/Connection lost/, 20_000);

    // Published while the listener's Herald is down, through a second instance on the same database.
    const other: TestApp = await startTestApp(env, { owner: false });
    try {
      published.push(await publish(other.http, { items_synced: 10 }));
      published.push(await publish(other.http, { items_synced: 11 }));
      const extraction = await other.http.post(
        '/api/events',
        { type: 'extraction.started', data: { version: '20260301', entity_types: ['works'] } },
        admin,
      );
      whileDown = extraction.body.id;
      published.push(whileDown);
    } finally {
      await other.close();
    }

    herald = await heraldOn(env, port);
    await listen.waitForLine(new RegExp(`Reconnected; resuming after ${published[2]}`), 30_000);
    published.push(await publish(http, { items_synced: 12 }));

    await waitFor(() => receiver.requests.length >= 7, 30_000, 'seven forwarded events');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(receiver.requests.map((request) => request.headers['webhook-id'])).toEqual(published);
  }

  it('forwards only the types --events asks for', async () => {
    const filtered = await Receiver.start();
    const only = spawnTs(
      'src/cli/herald.ts',
      ['listen', '--forward-to', filtered.url, '--url', http.baseUrl, '--events', 'gaps.*'],
      { HERALD_API_KEY: apiKey },
    );
    try {
      await only.waitForLine(/Connected; waiting for events/, 60_000);
      expect(only.output()).toMatch(/^Signing secret: whsec_[A-Za-z0-9+/]{43}=/m);
      await publish(http);
      const gaps = await http.post(
        '/api/events',
        { type: 'gaps.updated', data: { user_id: 'u1', entity_type: 'work', entity_id: 'w1' } },
        admin,
      );
      await waitFor(() => filtered.requests.length >= 1, 20_000, 'the gaps.updated event');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(filtered.requests.map((request) => request.headers['webhook-id'])).toEqual([gaps.body.id]);
    } finally {
      await only.stop();
      await filtered.close();
    }
  }, 90_000);

  it('refuses a bad API key with one line and exit code 1', async () => {
    const refused = spawnTs(
      'src/cli/herald.ts',
      ['listen', '--forward-to', receiver.url, '--url', http.baseUrl],
      {
        HERALD_API_KEY: 'hk_not-a-key',
      },
    );
    const { code } = await refused.exited;
    expect(code).toBe(1);
    expect(refused.output()).toMatch(/^Herald refused the stream \(401\): /m);
  }, 60_000);

  it('stops cleanly on Ctrl-C', async () => {
    listen.child.kill('SIGINT');
    const { code } = await listen.exited;
    expect(code).toBe(0);
    expect(listen.lines.at(-1)!.text).toBe(`Stopped; ${receiver.requests.length} events forwarded.`);
    expect(receiver.requests.length).toBe(9);
  }, 30_000);
});
