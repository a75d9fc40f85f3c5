import { Client } from 'pg';
import { RawStream, waitUntil } from './support/sse-client';
import { startTestApp, TestApp, testEnv } from './support/test-app';

const TYPE = 'race.step';
/** The advisory lock a held publish waits for, inside its transaction, after its event row is written. */
const HOLD_LOCK = 4_242_424_242;

/**
 * Ids are taken before COMMIT, so two publishes can commit in the other order of their ids. Here the
 * older one is held inside its transaction (a trigger of this test waits for a lock the test holds)
 * while the newer one commits, and a client resumes in between: it must get both, older first, once.
 */
describe('SSE resume when publishes commit out of id order (e2e)', () => {
  let herald: TestApp;
  let pg: Client;
  let publisher: { id: string; token: string };
  let alice: { id: string; token: string };
  const open: RawStream[] = [];

  const stream = async (headers: Record<string, string> = {}) => {
    const opened = await RawStream.open(`${herald.baseUrl}/api/events/stream?types=${TYPE}`, {
      authorization: `Bearer ${alice.token}`,
      ...headers,
    });
    open.push(opened);
    await opened.waitForOpen(10_000);
    return opened;
  };
  const publish = async (data: Record<string, unknown>): Promise<string> => {
    const response = await herald.http.post('/api/events', { type: TYPE, data }, publisher.token);
    if (response.status !== 202) throw new Error(`publish failed: ${response.status} ${response.text}`);
    return response.body.id;
  };
  const ids = (s: RawStream) => s.events().map((frame) => frame.id);

  beforeAll(async () => {
    herald = await startTestApp(testEnv({ SSE_HEARTBEAT_MS: '1000' }));
    [publisher, alice] = await Promise.all([herald.http.newUser('publisher'), herald.http.newUser()]);
    const admin = await herald.http.adminToken();
    expect(
      (await herald.http.post('/api/events/types', { type: TYPE, description: 'race' }, admin)).status,
    ).toBe(201);
    pg = new Client({ connectionString: herald.env.DATABASE_URL });
    await pg.connect();
    await pg.query(`
      CREATE FUNCTION test_hold_publish() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.data ? 'hold' THEN PERFORM pg_advisory_xact_lock_shared(${HOLD_LOCK}); END IF;
        RETURN NEW;
      END $$`);
    await pg.query(
      `CREATE TRIGGER test_hold_publish AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION test_hold_publish()`,
    );
  }, 60_000);
  afterEach(() => open.splice(0).forEach((s) => s.close()));
  afterAll(async () => {
    await pg?.end();
    await herald?.close();
  }, 30_000);

  it('holds the newer event back until the older commits, and a resume in between misses neither', async () => {
    const watcher = await stream(); // open throughout
    const leaving = await stream(); // leaves and resumes while the race is on
    const marker = await publish({ step: 'marker' });
    await Promise.all([watcher.waitForEvents(1), leaving.waitForEvents(1)]);

    await pg.query('SELECT pg_advisory_lock($1)', [HOLD_LOCK]);
    const older = publish({ step: 'older', hold: true });
    // The older publish has its id and its row, and waits inside its transaction.
    await waitUntil(
      async () =>
        (
          await pg.query(
            `SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND objid = ($1::bigint & 4294967295)::oid`,
            [HOLD_LOCK],
          )
        ).rowCount === 1,
      10_000,
      'the older publish to wait before its commit',
    );
    const newer = await publish({ step: 'newer' });

    // Committed, but an older transaction is still open: no stream gets it yet.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(ids(watcher)).toEqual([marker]);
    expect(ids(leaving)).toEqual([marker]);

    // A client resumes between the two commits.
    leaving.close();
    const resumed = await stream({ 'last-event-id': marker });

    await pg.query('SELECT pg_advisory_unlock($1)', [HOLD_LOCK]);
    const olderId = await older;
    expect(olderId < newer).toBe(true); // the older id committed last

    await Promise.all([watcher.waitForEvents(3, 10_000), resumed.waitForEvents(2, 10_000)]);
    expect(ids(watcher)).toEqual([marker, olderId, newer]);
    expect(ids(resumed)).toEqual([olderId, newer]);

    // Resuming from the last event seen leaves nothing out and repeats nothing.
    const later = await stream({ 'last-event-id': newer });
    const next = await publish({ step: 'next' });
    await later.waitForEvents(1, 10_000);
    expect(ids(later)).toEqual([next]);
    await resumed.waitForEvents(3, 10_000);
    expect(ids(resumed)).toEqual([olderId, newer, next]);
  }, 60_000);
});
