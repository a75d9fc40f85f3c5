import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { createHeraldClient, HeraldClient } from '../clients/typescript/src';
import { Receiver } from './support/receiver';
import { ADMIN, startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const ROOT = join(__dirname, '..');

/**
 * The generated client against a real Herald: every call below goes through clients/typescript only (no
 * hand-written HTTP), so a spec that drifted from the service, or a client that no longer compiles
 * against it, fails here.
 */
describe('the generated TypeScript client (e2e)', () => {
  let herald: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    [herald, receiver] = await Promise.all([
      startTestApp(),
      Receiver.start(() => ({ status: 200, body: 'thanks' })),
    ]);
  }, 60_000);

  afterAll(async () => {
    await herald?.close();
    await receiver?.close();
  });

  /** Logs in through the client and answers a client that sends the token. */
  async function signedIn(email: string, password: string): Promise<HeraldClient> {
    const { data, error } = await createHeraldClient(herald.baseUrl).POST('/api/auth/login', {
      body: { email, password },
    });
    if (!data) throw new Error(`login failed: ${JSON.stringify(error)}`);
    return createHeraldClient(herald.baseUrl, { token: data.access_token });
  }

  it('registers, creates a webhook, publishes and reads the delivery log', async () => {
    const anonymous = createHeraldClient(herald.baseUrl);
    const email = `client-${Date.now()}@herald.test`;
    const registered = await anonymous.POST('/api/auth/register', {
      body: { email, password: 'password-123' },
    });
    expect(registered.response.status).toBe(201);
    const userId = registered.data!.user.id;
    expect(registered.data!.token_type).toBe('Bearer');

    // Publishing takes the publisher role, which an admin gives.
    const admin = await signedIn(ADMIN.email, ADMIN.password);
    const promoted = await admin.PATCH('/api/users/{id}', {
      params: { path: { id: userId } },
      body: { role: 'publisher' },
    });
    expect(promoted.data?.role).toBe('publisher');

    const user = await signedIn(email, 'password-123');
    const me = await user.GET('/api/users/me');
    expect(me.data).toMatchObject({ id: userId, email, role: 'publisher' });

    const webhook = await user.POST('/api/webhooks', {
      body: { url: `${receiver.url}/client`, events: ['sync.*'], name: 'from the client' },
    });
    expect(webhook.response.status).toBe(201);
    const { id: webhookId, secret } = webhook.data!;
    expect(secret).toMatch(/^whsec_/);

    const published = await user.POST('/api/events', {
      body: {
        type: 'sync.completed',
        user_id: userId,
        data: { user_id: userId, items_synced: 3, errors: [], duration_s: 0.5 },
      },
    });
    expect(published.response.status).toBe(202);
    expect(published.data!.deliveries).toBe(1);
    const eventId = published.data!.id;

    const log = await waitFor(
      async () => {
        const page = await user.GET('/api/webhooks/{id}/deliveries', { params: { path: { id: webhookId } } });
        return (
          page.data?.data.find((row) => row.event_id === eventId && row.status === 'success') && page.data
        );
      },
      30_000,
      'a successful delivery in the log',
    );
    expect(log.total).toBe(1);
    expect(log.data[0]).toMatchObject({ event: 'sync.completed', status_code: 200, attempts: 1 });

    const delivery = await user.GET('/api/webhooks/{id}/deliveries/{delivery_id}', {
      params: { path: { id: webhookId, delivery_id: log.data[0].id } },
    });
    expect(delivery.data!.attempts[0]).toMatchObject({
      attempt: 1,
      status_code: 200,
      response_body: 'thanks',
    });

    // What reached the receiver verifies with the secret the client was given.
    const [request] = receiver.byEvent(eventId);
    const body = new Webhook(secret!).verify(request.body, request.headers as Record<string, string>);
    expect(body).toMatchObject({ id: eventId, webhook_id: webhookId });
  }, 60_000);

  it('answers refusals as the typed error body', async () => {
    const user = await signedIn(ADMIN.email, ADMIN.password);
    const refused = await user.POST('/api/events', { body: { type: 'no.such.type', data: {} } });
    expect(refused.response.status).toBe(422);
    expect(refused.error).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    expect(typeof refused.error!.message).toBe('string');
  });

  it('is what `npm run openapi` generates from the committed openapi.json', () => {
    // The npm script's two steps, run as it runs them (openapi-typescript's CLI, then prettier), into a string.
    const node = (args: string[], input?: string) => {
      const run = spawnSync(process.execPath, args, { cwd: ROOT, input, encoding: 'utf8', timeout: 60_000 });
      if (run.status !== 0) throw new Error(`${args.join(' ')}: ${run.stderr}`);
      return run.stdout;
    };
    const types = node([
      join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'),
      'openapi.json',
      '--default-non-nullable=false',
    ]);
    const formatted = node(
      [
        join(ROOT, 'node_modules/prettier/bin/prettier.cjs'),
        '--stdin-filepath',
        'clients/typescript/src/schema.ts',
      ],
      types,
    );
    const committed = readFileSync(join(ROOT, 'clients/typescript/src/schema.ts'), 'utf8');
    // A 3000-line diff says less than what to do about it.
    expect(
      committed === formatted ? 'up to date' : 'stale: run `npm run openapi` and commit clients/typescript',
    ).toBe('up to date');
  }, 90_000);
});
