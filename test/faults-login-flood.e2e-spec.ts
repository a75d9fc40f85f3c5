import { gzipSync } from 'node:zlib';
import { PASSWORD_HASH_CONCURRENCY, PASSWORD_HASH_QUEUE_LIMIT } from '../src/users/password';
import { startTestApp, TestApp, testEnv } from './support/test-app';

/**
 * Issue 15 item 3: password hashing cannot starve the process. A flood of logins gets 401s, and 503s with
 * Retry-After once the hashing queue is full, never a 500; meanwhile a gzip body (inflated on the same
 * libuv thread pool argon2 uses) is answered while the flood is still being worked through.
 */
describe('faults: login flood (e2e)', () => {
  let herald: TestApp;

  beforeAll(async () => {
    herald = await startTestApp(testEnv({ LOGIN_RATE_LIMIT: '100000' }));
  });
  afterAll(() => herald.close());

  it('bounds hashing: 401s and 503 + Retry-After, never a 500, and other thread-pool work is not starved', async () => {
    const finished: { kind: 'login' | 'gzip'; at: number; status: number }[] = [];
    const login = async (i: number) => {
      const response = await herald.http.post('/api/auth/login', {
        email: `flood-${i}@herald.test`,
        password: 'wrong-password-1',
      });
      finished.push({ kind: 'login', at: performance.now(), status: response.status });
      return response;
    };
    const logins = Array.from({ length: 120 }, (_, i) => login(i));

    // 2 KB of gzip that inflates past the 1 MiB limit: answered 413 once zlib gets a thread.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const bomb = gzipSync(JSON.stringify({ email: 'a'.repeat(2_000_000) }));
    expect(bomb.length).toBeLessThan(4096);
    const gzip = fetch(`${herald.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: bomb,
    }).then(async (response) => {
      finished.push({ kind: 'gzip', at: performance.now(), status: response.status });
      return response.json() as Promise<{ statusCode: number }>;
    });

    const responses = await Promise.all(logins);
    expect((await gzip).statusCode).toBe(413);

    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s !== 401 && s !== 503)).toEqual([]);
    const busy = responses.filter((r) => r.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    for (const response of busy) {
      expect(response.headers.get('retry-after')).toBe('1');
      expect(response.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: `Herald is busy checking other passwords (${PASSWORD_HASH_CONCURRENCY} at a time, ${PASSWORD_HASH_QUEUE_LIMIT} waiting); retry in 1 s`,
      });
    }
    expect(responses.filter((r) => r.status === 401).length).toBeGreaterThanOrEqual(
      PASSWORD_HASH_QUEUE_LIMIT,
    );

    const lastLogin = Math.max(...finished.filter((f) => f.kind === 'login').map((f) => f.at));
    const gzipAt = finished.find((f) => f.kind === 'gzip')!.at;
    expect(gzipAt).toBeLessThan(lastLogin);

    // Once the flood has drained, logins are served again.
    const admin = await herald.http.adminToken();
    expect(admin).toEqual(expect.any(String));
  });
});
