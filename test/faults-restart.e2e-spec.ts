import { createWebhook, newEventType, newOwner, Owner } from './support/delivery-fixtures';
import { contractProblem } from './support/fuzz/response-check';
import { privatePostgres, privateRedis, PrivateServer } from './support/private-servers';
import { Receiver } from './support/receiver';
import { startTestApp, TestApp, testEnv } from './support/test-app';
import { waitFor } from './support/wait-for';

jest.setTimeout(120_000);

/**
 * Issue 15 item 6, fault half: PostgreSQL, then Redis, restarted in the middle of a burst of publishes.
 * Every publish answered 202 is delivered to the webhook; every other answer is docs/API.md's 503 with
 * Retry-After, never a 500. The servers are this test's own, on free ports.
 */
describe('faults: PostgreSQL and Redis restarted mid-burst (e2e)', () => {
  let postgres: PrivateServer;
  let redis: PrivateServer;
  let herald: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([privatePostgres(), privateRedis()]);
    herald = await startTestApp(
      testEnv({
        DATABASE_URL: `${postgres.url}/herald`,
        REDIS_URL: redis.url,
        DELIVERY_SWEEP_INTERVAL_MS: '500',
        DELIVERY_RETRY_SCHEDULE: '0,1,1,1,1,1,1,1',
      }),
      { owner: false },
    );
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await herald?.close();
    await receiver?.close();
    await Promise.all([postgres?.destroy(), redis?.destroy()]);
  });

  /**
   * Publishes from 4 clients until `target` events are accepted, taking `server` away for `outageMs` once a
   * third of them are in. Answers other than 202 are checked against docs/API.md and counted.
   */
  async function burstAcross(
    server: PrivateServer,
    owner: Owner,
    type: string,
    target: number,
    outageMs: number,
  ) {
    const accepted: string[] = [];
    const refused: { status: number; problem: string | null }[] = [];
    let outage: Promise<void> | undefined;
    const client = async () => {
      while (accepted.length < target) {
        const response = await herald.http.post(
          '/api/events',
          { type, data: { n: accepted.length }, user_id: owner.id },
          owner.token,
        );
        if (response.status === 202) accepted.push(response.body.id);
        else {
          const problem = contractProblem(
            { status: response.status, headers: Object.fromEntries(response.headers), text: response.text },
            { allowUnavailable: true },
          );
          refused.push({ status: response.status, problem });
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        if (!outage && accepted.length >= target / 3)
          outage = server
            .stop()
            .then(() => new Promise((resolve) => setTimeout(resolve, outageMs)))
            .then(() => server.start());
      }
    };
    await Promise.all(Array.from({ length: 4 }, client));
    await outage;
    return { accepted, refused };
  }

  async function expectAllDelivered(accepted: string[], path: string) {
    const missing = () => accepted.filter((id) => !receiver.byEvent(id).some((r) => r.path === path));
    await waitFor(() => missing().length === 0, 45_000, `every accepted event at ${path}`).catch(() => {
      throw new Error(`${missing().length} of ${accepted.length} accepted events never reached ${path}`);
    });
  }

  async function setUp(path: string) {
    const owner = await newOwner(herald.http);
    const type = await newEventType(herald.http, await herald.http.adminToken());
    await createWebhook(herald.http, owner, { url: `${receiver.url}${path}`, events: [type] });
    return { owner, type };
  }

  it('PostgreSQL restarted mid-burst: publishes during the outage are 503 + Retry-After, every accepted event is delivered', async () => {
    const { owner, type } = await setUp('/pg');
    const { accepted, refused } = await burstAcross(postgres, owner, type, 120, 2_000);
    expect(refused.filter((r) => r.problem)).toEqual([]);
    expect(refused.length).toBeGreaterThan(0); // the outage did meet publishes
    expect(new Set(refused.map((r) => r.status))).toEqual(new Set([503]));
    await expectAllDelivered(accepted, '/pg');
  });

  it('Redis restarted mid-burst (its queue lost): no publish is a 500, every accepted event is delivered', async () => {
    await waitFor(
      async () => (await herald.http.get('/health/ready')).status === 200,
      20_000,
      'ready after the PostgreSQL test',
    );
    const { owner, type } = await setUp('/redis');
    const { accepted, refused } = await burstAcross(redis, owner, type, 120, 2_000);
    expect(refused.filter((r) => r.problem)).toEqual([]);
    expect(accepted.length).toBeGreaterThanOrEqual(120);
    await expectAllDelivered(accepted, '/redis');
  });
});
