/** What one attempt produced, as the policy needs to see it. */
export interface AttemptResult {
  statusCode: number | null;
  /** Set when no HTTP answer came back (timeout, refused, reset, blocked address). */
  error: string | null;
  /** `Retry-After` in seconds, already parsed (from seconds or an HTTP date). */
  retryAfterSeconds: number | null;
}

export type AttemptOutcome = 'success' | 'retry' | 'failed';

export interface AttemptDecision {
  outcome: AttemptOutcome;
  /** Milliseconds until the next attempt when `outcome` is `retry`. */
  delayMs: number | null;
  /** 410 Gone: the receiver asks us to stop for good. */
  disableWebhook: boolean;
}

/** A 2xx answer: the one place that rule is written (sender, policy and test endpoint use it). */
export const isSuccessStatus = (status: number | null): boolean =>
  status !== null && status >= 200 && status < 300;

const RETRIED_STATUSES = new Set([408, 425, 429]);
const RETRY_AFTER_STATUSES = new Set([429, 503]);
const JITTER = 0.1;

export function isRetriable(result: AttemptResult): boolean {
  if (result.statusCode === null) return true; // timeout or network error
  return RETRIED_STATUSES.has(result.statusCode) || result.statusCode >= 500;
}

/**
 * The delay before attempt `position + 1` of a retry cycle: the schedule entry with ±10 % jitter, so that
 * a burst that failed together does not retry together.
 */
export function scheduledDelayMs(
  scheduleSeconds: readonly number[],
  position: number,
  random: () => number = Math.random,
): number {
  const base = scheduleSeconds[position] * 1000;
  return Math.max(0, Math.round(base * (1 + (random() * 2 - 1) * JITTER)));
}

/**
 * Decides what follows an attempt. `positionInCycle` is how many attempts this retry cycle has made,
 * this one included (1 for the first; a redelivery starts a new cycle).
 *
 * `Retry-After` (429/503) may lengthen the wait up to ten times the scheduled delay, never shorten it:
 * the schedule is the least a struggling receiver gets.
 */
export function decide(
  result: AttemptResult,
  scheduleSeconds: readonly number[],
  positionInCycle: number,
  random: () => number = Math.random,
): AttemptDecision {
  const status = result.statusCode;
  if (isSuccessStatus(status) && !result.error) {
    return { outcome: 'success', delayMs: null, disableWebhook: false };
  }
  const disableWebhook = status === 410;
  if (!isRetriable(result) || positionInCycle >= scheduleSeconds.length) {
    return { outcome: 'failed', delayMs: null, disableWebhook };
  }
  let delayMs = scheduledDelayMs(scheduleSeconds, positionInCycle, random);
  if (status !== null && RETRY_AFTER_STATUSES.has(status) && result.retryAfterSeconds !== null) {
    const cap = scheduleSeconds[positionInCycle] * 1000 * 10;
    delayMs = Math.max(delayMs, Math.min(result.retryAfterSeconds * 1000, cap));
  }
  return { outcome: 'retry', delayMs, disableWebhook: false };
}

/** `Retry-After` as seconds: either delta-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: Date = new Date()): number | null {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return null;
  const trimmed = raw.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now.getTime()) / 1000));
}
