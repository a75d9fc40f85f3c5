import type { HealthCheckResult, HealthIndicatorResult } from '@nestjs/terminus';
import { serviceUnavailable } from '../common/errors/http-errors';
import { UNAVAILABLE_RETRY_AFTER_SECONDS } from '../common/errors/unavailable';

/** How the readiness check names its components to people (the keys are `postgres` and `redis`). */
const NAMES: Record<string, string> = { postgres: 'PostgreSQL', redis: 'Redis' };

/**
 * Terminus' failed check as docs/API.md's 503: `message` says which dependency is down and why,
 * `details` has one entry per component (`{component, status, message?}`), and Retry-After is set.
 */
export function notReady(result: HealthCheckResult) {
  const components: HealthIndicatorResult = result.details ?? { ...result.info, ...result.error };
  const details = Object.entries(components).map(([component, state]) => ({
    component,
    status: state.status,
    ...(typeof state.message === 'string' ? { message: state.message } : {}),
  }));
  const down = details
    .filter((detail) => detail.status !== 'up')
    .map(
      (detail) =>
        `${NAMES[detail.component] ?? detail.component} is down${detail.message ? ` (${detail.message})` : ''}`,
    );
  return serviceUnavailable(
    `Not ready: ${down.join('; ') || 'a dependency is down'}`,
    UNAVAILABLE_RETRY_AFTER_SECONDS,
    details,
  );
}
