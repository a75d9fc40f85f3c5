import { AttemptResult, decide, parseRetryAfter, scheduledDelayMs } from './retry-policy';

const schedule = [0, 60, 300];
const answer = (statusCode: number | null, extra: Partial<AttemptResult> = {}): AttemptResult => ({
  statusCode,
  error: statusCode === null ? 'connect ECONNREFUSED' : null,
  retryAfterSeconds: null,
  ...extra,
});
const middle = () => 0.5; // no jitter

describe('retry policy', () => {
  it('treats 2xx as success', () => {
    expect(decide(answer(200), schedule, 1, middle)).toEqual({
      outcome: 'success',
      delayMs: null,
      disableWebhook: false,
    });
    expect(decide(answer(204), schedule, 3, middle).outcome).toBe('success');
  });

  it.each([408, 425, 429, 500, 502, 503, 504, null])('retries %p on the schedule', (status) => {
    expect(decide(answer(status), schedule, 1, middle)).toEqual({
      outcome: 'retry',
      delayMs: 60_000,
      disableWebhook: false,
    });
    expect(decide(answer(status), schedule, 2, middle).delayMs).toBe(300_000);
  });

  it.each([301, 302, 400, 401, 403, 404, 422])('fails %p at once', (status) => {
    expect(decide(answer(status), schedule, 1, middle)).toEqual({
      outcome: 'failed',
      delayMs: null,
      disableWebhook: false,
    });
  });

  it('fails 410 at once and disables the webhook', () => {
    expect(decide(answer(410), schedule, 1, middle)).toEqual({
      outcome: 'failed',
      delayMs: null,
      disableWebhook: true,
    });
  });

  it('fails after the last scheduled attempt', () => {
    expect(decide(answer(500), schedule, 3, middle).outcome).toBe('failed');
    expect(decide(answer(500), [0], 1, middle).outcome).toBe('failed');
  });

  it('adds at most ±10 % jitter', () => {
    expect(scheduledDelayMs(schedule, 1, () => 0)).toBe(54_000);
    expect(scheduledDelayMs(schedule, 1, () => 0.999999)).toBe(66_000);
    for (let i = 0; i < 100; i++) {
      const delay = scheduledDelayMs(schedule, 2);
      expect(delay).toBeGreaterThanOrEqual(270_000);
      expect(delay).toBeLessThanOrEqual(330_000);
    }
  });

  it('honours Retry-After on 429 and 503, capped at ten times the scheduled delay, never below it', () => {
    expect(decide(answer(429, { retryAfterSeconds: 120 }), schedule, 1, middle).delayMs).toBe(120_000);
    expect(decide(answer(503, { retryAfterSeconds: 100_000 }), schedule, 1, middle).delayMs).toBe(600_000);
    expect(decide(answer(429, { retryAfterSeconds: 1 }), schedule, 1, middle).delayMs).toBe(60_000);
    expect(decide(answer(500, { retryAfterSeconds: 120 }), schedule, 1, middle).delayMs).toBe(60_000);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = new Date('2026-03-01T12:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });
});
