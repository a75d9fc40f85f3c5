import { privatePostgres, privateRedis, PrivateServer } from './support/private-servers';
import { HttpResponse } from './support/http-client';
import { startTestApp, TestApp, testEnv } from './support/test-app';
import { waitFor } from './support/wait-for';

/**
 * Docs/API.md §1: a request that cannot be served because PostgreSQL or Redis is unavailable is a 503 with
 * Retry-After and the error body, never a 500; /health/ready names the one that is down. The servers are
 * the test's own (the shared ones are never stopped).
 */
describe('faults: PostgreSQL or Redis unavailable → 503 (e2e)', () => {
  let postgres: PrivateServer;
  let redis: PrivateServer;
  let herald: TestApp;
  let admin: string;

  beforeAll(async () => {
    [postgres, redis] = await Promise.all([privatePostgres(), privateRedis()]);
    herald = await startTestApp(testEnv({ DATABASE_URL: `${postgres.url}/herald`, REDIS_URL: redis.url }), {
      owner: false,
    });
    admin = await herald.http.adminToken();
  });
  afterAll(async () => {
    await herald?.close();
    await Promise.all([postgres?.destroy(), redis?.destroy()]);
  });

  const expectUnavailable = (response: HttpResponse, dependency: 'PostgreSQL' | 'Redis') => {
    expect({
      status: response.status,
      retryAfter: response.headers.get('retry-after'),
      body: response.body,
    }).toEqual({
      status: 503,
      retryAfter: '5',
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        message: `${dependency} is unavailable right now, so this request was not carried out; retry in 5 s (Retry-After)`,
      },
    });
  };
  const publish = () =>
    herald.http.post(
      '/api/events',
      { type: 'gaps.updated', data: { user_id: 'u', entity_type: 't', entity_id: 'e' } },
      admin,
    );

  it('Redis down: login (rate-limited in Redis) and stream tickets are 503s, readiness names Redis; back once it returns', async () => {
    await redis.stop();
    const started = Date.now();
    expectUnavailable(
      await herald.http.post('/api/auth/login', { email: 'x@herald.test', password: 'password-1' }),
      'Redis',
    );
    expect(Date.now() - started).toBeLessThan(5_000); // failed fast, not queued for the outage
    expectUnavailable(await herald.http.post('/api/events/stream/ticket', {}, admin), 'Redis');
    // Opening a stream takes a connection slot in Redis: refused before the first byte, as JSON.
    const stream = await fetch(`${herald.baseUrl}/api/events/stream`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(stream.headers.get('content-type')).toMatch(/^application\/json/);
    expectUnavailable(
      { status: stream.status, headers: stream.headers, body: await stream.json(), text: '' },
      'Redis',
    );

    const ready = await herald.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.headers.get('retry-after')).toBe('5');
    expect(ready.body).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.stringMatching(/^Not ready: Redis is down/),
    });
    expect(ready.body.message).not.toMatch(/PostgreSQL/);
    expect(ready.body.details).toEqual(
      expect.arrayContaining([
        { component: 'postgres', status: 'up' },
        expect.objectContaining({ component: 'redis', status: 'down' }),
      ]),
    );

    // PostgreSQL alone is enough to accept an event (deliveries follow through the sweeper).
    expect((await publish()).status).toBe(202);

    await redis.start();
    await waitFor(async () => (await herald.http.get('/health/ready')).status === 200, 20_000, 'ready again');
    expect(
      (await herald.http.post('/api/auth/login', { email: 'x@herald.test', password: 'password-1' })).status,
    ).toBe(401);
  });

  it('PostgreSQL down: authenticated reads and publishes are 503s, readiness names PostgreSQL; back once it returns', async () => {
    await postgres.stop();
    expectUnavailable(await herald.http.get('/api/users/me', admin), 'PostgreSQL');
    expectUnavailable(await publish(), 'PostgreSQL');
    expectUnavailable(
      await herald.http.post('/api/auth/login', { email: 'x@herald.test', password: 'password-1' }),
      'PostgreSQL',
    );

    const ready = await herald.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.message).toMatch(/^Not ready: PostgreSQL is down/);
    expect(ready.body.details).toEqual(
      expect.arrayContaining([
        { component: 'redis', status: 'up' },
        expect.objectContaining({ component: 'postgres', status: 'down' }),
      ]),
    );

    await postgres.start();
    await waitFor(
      async () => (await herald.http.get('/api/users/me', admin)).status === 200,
      20_000,
      'PostgreSQL serving again',
    );
    expect((await publish()).status).toBe(202);
    expect((await herald.http.get('/health/ready')).status).toBe(200);
  });
});
