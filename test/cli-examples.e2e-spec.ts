import { join } from 'node:path';
import { forwardEvent } from '../src/cli/listen/forwarder';
import { generateSecret } from '../src/webhooks/validation/webhook-secret';
import { closedPort, ProcessHandle, spawnNode } from './support/herald-process';

const event = {
  id: 'evt_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P',
  type: 'sync.completed',
  data: { user_id: 'abc', items_synced: 150, errors: [], duration_s: 12.3 },
  createdAt: new Date(),
};

describe.each(['receiver.js', 'receiver-standardwebhooks.js'])('examples/%s (e2e)', (file) => {
  const secret = generateSecret();
  let receiver: ProcessHandle;
  let url: string;

  beforeAll(async () => {
    const port = await closedPort();
    url = `http://127.0.0.1:${port}/hooks`;
    receiver = spawnNode([join(__dirname, '..', 'examples', file)], {
      WEBHOOK_SECRET: secret,
      PORT: String(port),
    });
    await receiver.waitForLine(/^listening on /, 20_000);
  }, 30_000);

  afterAll(() => receiver.stop());

  it('accepts a request signed as Herald signs deliveries, and says so', async () => {
    const outcome = await forwardEvent(url, event, { secret, webhookId: 'wh_x', userAgent: 'test' });
    expect(outcome.status).toBe(204);
    await receiver.waitForLine(new RegExp(`^event sync\\.completed ${event.id}`), 5_000);
  });

  it('refuses one signed with another secret', async () => {
    const outcome = await forwardEvent(url, event, {
      secret: generateSecret(),
      webhookId: 'wh_x',
      userAgent: 'test',
    });
    expect(outcome.status).toBe(401);
    await receiver.waitForLine(new RegExp(`^rejected ${event.id}`), 5_000);
  });
});
