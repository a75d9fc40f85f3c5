import { testEnv } from './support/test-app';
import { spawnTs, STACK_OR_UNHANDLED, ProcessHandle } from './support/herald-process';
import { privatePostgres, privateRedis, PrivateServer } from './support/private-servers';

/** The `msg` of each JSON log line that matches `pattern`. */
const messages = (herald: ProcessHandle, pattern: RegExp) =>
  herald.lines
    .filter((line) => line.stream === 'stdout' && line.text.startsWith('{'))
    .map((line) => (JSON.parse(line.text) as { msg: string }).msg)
    .filter((msg) => pattern.test(msg));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgreSQL or Redis going away while Herald runs (e2e)', () => {
  let redis: PrivateServer;
  let postgres: PrivateServer;
  let herald: ProcessHandle;

  beforeAll(async () => {
    [redis, postgres] = await Promise.all([privateRedis(), privatePostgres()]);
    herald = spawnTs('src/main.ts', [], {
      ...testEnv({ REDIS_URL: redis.url, DATABASE_URL: `${postgres.url}/herald` }),
      PORT: '0',
      LOG_LEVEL: 'info',
      LOG_FORMAT: 'json',
    });
    await herald.waitForLine(/successfully started/, 90_000);
  }, 120_000);

  afterAll(async () => {
    await herald?.stop();
    await Promise.all([redis?.destroy(), postgres?.destroy()]);
  });

  it('says once that Redis went away and once that it is back, with no stack trace', async () => {
    await redis.stop();
    await herald.waitForLine(/Redis connection lost at redis:\/\/127\.0\.0\.1:\d+\/0 \(REDIS_URL\)/, 20_000);
    // ioredis retries every few hundred milliseconds meanwhile; none of that may show.
    await sleep(4_000);
    await redis.start();
    await herald.waitForLine(/Redis is reachable again at/, 30_000);
    await sleep(1_000);
    expect(messages(herald, /Redis connection lost/)).toHaveLength(1);
    expect(messages(herald, /Redis is reachable again/)).toHaveLength(1);
    expect(herald.output()).not.toMatch(STACK_OR_UNHANDLED);
  }, 90_000);

  it('says once that PostgreSQL went away and once that it is back', async () => {
    await postgres.stop();
    await herald.waitForLine(
      /PostgreSQL connection lost at postgres:\/\/postgres@127\.0\.0\.1:\d+\/herald \(DATABASE_URL\)/,
      20_000,
    );
    await sleep(4_000);
    await postgres.start();
    await herald.waitForLine(/PostgreSQL is reachable again at/, 30_000);
    expect(messages(herald, /PostgreSQL connection lost/)).toHaveLength(1);
    expect(messages(herald, /PostgreSQL is reachable again/)).toHaveLength(1);
    expect(herald.output()).not.toMatch(STACK_OR_UNHANDLED);
  }, 90_000);

  it('ends promptly on SIGTERM once it runs', async () => {
    const sent = Date.now();
    herald.child.kill('SIGTERM');
    const { at } = await herald.exited;
    expect(at - sent).toBeLessThan(12_000);
    expect(herald.output()).not.toMatch(STACK_OR_UNHANDLED);
  }, 30_000);
});
