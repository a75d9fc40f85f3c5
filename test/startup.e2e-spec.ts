import { testEnv } from './support/test-app';
import { closedPort, spawnTs, STACK_OR_UNHANDLED } from './support/herald-process';

const MAIN = 'src/main.ts';
// Whatever the machine's load, start-up must give up close to STARTUP_TIMEOUT_MS after its first line.
const TIMEOUT_MS = 3_000;
const SLACK_MS = 8_000;

describe('start-up (e2e)', () => {
  it('exits non-zero with one clear line when NODE_ENV=production lacks JWT_SECRET', async () => {
    const herald = spawnTs(MAIN, [], { NODE_ENV: 'production' });
    const { code } = await herald.exited;
    expect(code).toBe(1);
    expect(herald.output().trim()).toBe(
      'herald: Invalid configuration: JWT_SECRET is required when NODE_ENV=production',
    );
  });

  it.each([
    [
      'Redis',
      'REDIS_URL',
      (port: number) => ({ REDIS_URL: `redis://127.0.0.1:${port}/0` }),
      (port: number) => `redis://127.0.0.1:${port}/0`,
    ],
    [
      'PostgreSQL',
      'DATABASE_URL',
      (port: number) => ({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/herald` }),
      (port: number) => `postgres://postgres@127.0.0.1:${port}/herald`,
    ],
  ])(
    'says in one line that %s is not reachable (naming %s), retries for STARTUP_TIMEOUT_MS, then exits 1',
    async (name, variable, override, address) => {
      const port = await closedPort();
      const herald = spawnTs(MAIN, [], {
        ...testEnv(override(port)),
        LOG_LEVEL: 'info',
        STARTUP_TIMEOUT_MS: String(TIMEOUT_MS),
      });
      const { code, at } = await herald.exited;
      expect(code).toBe(1);
      const told = herald.lines.filter((line) => line.text.includes('is not reachable'));
      expect(told.map((line) => line.text)).toEqual([
        `herald: ${name} is not reachable at ${address(port)} (${variable}): start it, or point ${variable} at one ` +
          `(ECONNREFUSED); retrying for 3 s (STARTUP_TIMEOUT_MS)`,
      ]);
      expect(herald.lines.at(-1)!.text).toBe(
        `herald: gave up: ${name} is still not reachable at ${address(port)} (${variable}) after 3 s`,
      );
      expect(herald.lines).toHaveLength(2);
      expect(herald.output()).not.toMatch(STACK_OR_UNHANDLED);
      const waited = at - told[0].at;
      expect(waited).toBeGreaterThanOrEqual(TIMEOUT_MS - 500);
      expect(waited).toBeLessThan(TIMEOUT_MS + SLACK_MS);
    },
    90_000,
  );

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'ends at once on %s while it waits for Redis',
    async (signal, exitCode) => {
      const herald = spawnTs(MAIN, [], {
        ...testEnv({ REDIS_URL: `redis://127.0.0.1:${await closedPort()}/0` }),
        STARTUP_TIMEOUT_MS: '120000',
      });
      await herald.waitForLine(/Redis is not reachable/);
      const sent = Date.now();
      herald.child.kill(signal);
      const { code, at } = await herald.exited;
      expect(code).toBe(exitCode);
      expect(at - sent).toBeLessThan(3_000);
      expect(herald.lines.at(-1)!.text).toBe(`herald: stopped by ${signal} during start-up`);
      expect(herald.output()).not.toMatch(STACK_OR_UNHANDLED);
    },
    90_000,
  );
});
