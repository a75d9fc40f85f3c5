import { ProbeResult } from '../../common/probe/probe-result';
import { BackingService, StartupError, waitForServices } from './wait-for-services';

const refused: ProbeResult = { ok: false, retry: true, reason: 'ECONNREFUSED' };

/** A service whose probe answers `results` in turn (the last one from then on). */
function service(name: string, results: ProbeResult[]): BackingService & { attempts: number } {
  const fake = {
    name,
    variable: `${name.toUpperCase()}_URL`,
    url: `${name.toLowerCase()}://user:secret@127.0.0.1:1/x`,
    attempts: 0,
    probe: () => Promise.resolve(results[Math.min(fake.attempts++, results.length - 1)]),
  };
  return fake;
}

describe('waitForServices', () => {
  it('retries until a service answers, saying once that it is not reachable and once that it is', async () => {
    const lines: string[] = [];
    const redis = service('Redis', [refused, refused, { ok: true }]);
    await waitForServices([redis], { timeoutMs: 10_000, say: (line) => lines.push(line) });
    expect(redis.attempts).toBe(3);
    expect(lines).toEqual([
      'Redis is not reachable at redis://user:***@127.0.0.1:1/x (REDIS_URL): start it, or point REDIS_URL at one ' +
        '(ECONNREFUSED); retrying for 10 s (STARTUP_TIMEOUT_MS)',
      'Redis is reachable at redis://user:***@127.0.0.1:1/x',
    ]);
  });

  it('says nothing when everything answers at once', async () => {
    const lines: string[] = [];
    await waitForServices([service('Redis', [{ ok: true }]), service('PostgreSQL', [{ ok: true }])], {
      timeoutMs: 1_000,
      say: (line) => lines.push(line),
    });
    expect(lines).toEqual([]);
  });

  it('gives up after the timeout with a StartupError naming the variable', async () => {
    const started = Date.now();
    const attempt = waitForServices([service('Redis', [refused])], { timeoutMs: 600, say: () => undefined });
    await expect(attempt).rejects.toThrow(
      new StartupError(
        'gave up: Redis is still not reachable at redis://user:***@127.0.0.1:1/x (REDIS_URL) after 0.6 s',
      ),
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(550);
  });

  it('stops at once on settings that waiting cannot fix', async () => {
    const postgres = service('PostgreSQL', [
      { ok: false, retry: false, reason: 'password authentication failed' },
    ]);
    await expect(waitForServices([postgres], { timeoutMs: 60_000, say: () => undefined })).rejects.toThrow(
      'PostgreSQL at postgresql://user:***@127.0.0.1:1/x refused the settings in POSTGRESQL_URL: password authentication failed',
    );
    expect(postgres.attempts).toBe(1);
  });

  it('ends its wait when the signal aborts', async () => {
    const controller = new AbortController();
    const attempt = waitForServices([service('Redis', [refused])], {
      timeoutMs: 60_000,
      say: () => controller.abort(),
      signal: controller.signal,
    });
    await expect(attempt).rejects.toThrow(/aborted/i);
  });
});
