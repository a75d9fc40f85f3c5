import { Client } from 'pg';
import { privatePostgres, PrivatePostgres } from './support/private-servers';
import { startTestApp, TestApp, testEnv } from './support/test-app';
import { waitFor } from './support/wait-for';

const TIMEOUT_MS = 1500;

/**
 * A PostgreSQL that hangs (its processes stopped: connections stay open and nothing answers) must not hang
 * Herald: a request gives up after DATABASE_TIMEOUT_MS with the 503 of any outage, and once the server
 * answers again so does Herald, with nothing lost that was written before.
 */
describe('faults: a hung PostgreSQL → 503 within DATABASE_TIMEOUT_MS (e2e)', () => {
  let postgres: PrivatePostgres;
  let herald: TestApp;
  let frozen = false;

  beforeAll(async () => {
    postgres = await privatePostgres();
    herald = await startTestApp(
      testEnv({ DATABASE_URL: `${postgres.url}/herald`, DATABASE_TIMEOUT_MS: String(TIMEOUT_MS) }),
      { owner: false },
    );
  });
  afterAll(async () => {
    if (frozen) postgres.thaw();
    await herald?.close();
    await postgres?.destroy();
  });

  it('answers 503 while the server hangs, and serves again when it is back', async () => {
    const user = await herald.http.newUser();
    const created = await herald.http.post(
      '/api/webhooks',
      { url: 'http://127.0.0.1:9/hook', events: ['*'] },
      user.token,
    );
    expect(created.status).toBe(201);

    postgres.freeze();
    frozen = true;
    const started = Date.now();
    const during = await herald.http.get('/api/webhooks', user.token);
    const waited = Date.now() - started;
    expect({
      status: during.status,
      retryAfter: during.headers.get('retry-after'),
      message: during.body.message,
    }).toEqual({
      status: 503,
      retryAfter: '5',
      message: expect.stringContaining('PostgreSQL is unavailable right now'),
    });
    // The limit, not a hang: well within a few timeouts (the pool may wait once, then the query once).
    expect(waited).toBeLessThan(TIMEOUT_MS * 4);
    const ready = await herald.http.get('/health/ready');
    expect(ready.status).toBe(503);
    // A write cut off mid-transaction: its connection must not go back to the pool still inside it.
    const cut = await herald.http.post(
      '/api/webhooks',
      { url: 'http://127.0.0.1:9/cut', events: ['*'] },
      user.token,
    );
    expect(cut.status).toBe(503);

    postgres.thaw();
    frozen = false;
    await waitFor(
      async () => (await herald.http.get('/api/webhooks', user.token)).status === 200,
      15_000,
      'Herald to serve again',
      200,
    );
    // Writes after the recovery are committed for everyone (not held in a transaction a dropped request left
    // open on a pooled connection), and what was written before is all there.
    const later = await herald.http.post(
      '/api/webhooks',
      { url: 'http://127.0.0.1:9/later', events: ['*'] },
      user.token,
    );
    expect(later.status).toBe(201);
    const db = new Client({ connectionString: `${postgres.url}/herald` });
    await db.connect();
    try {
      const rows = await db.query('SELECT url FROM webhooks WHERE user_id = $1 ORDER BY id', [user.id]);
      expect(rows.rows.map((row: { url: string }) => row.url)).toEqual([
        'http://127.0.0.1:9/hook',
        'http://127.0.0.1:9/later',
      ]);
    } finally {
      await db.end();
    }
  }, 60_000);
});
