import { RawResponse } from './send-raw';

const STACK_TRACE = /\n\s+at |node_modules|\.ts:\d+:\d+|Error: .*\n/;
const BODY_KEYS = new Set(['statusCode', 'error', 'message', 'details', 'error_id']);

/**
 * What is wrong with an answer under docs/API.md (§1), or null: no 5xx, errors in docs/API.md's body, no
 * stack. `allowUnavailable` admits a 503 (with Retry-After) for tests that take PostgreSQL or Redis away.
 */
export function contractProblem(
  response: RawResponse,
  options: { allowUnavailable?: boolean } = {},
): string | null {
  const unavailable = response.status === 503 && options.allowUnavailable;
  if (response.status >= 500 && !unavailable) return `status ${response.status}`;
  if (STACK_TRACE.test(response.text)) return 'a stack trace or source path in the body';
  if (response.status < 400) return null;
  const type = String(response.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) return `an error answered as "${type}", not JSON`;
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(response.text) as Record<string, unknown>;
  } catch {
    return 'an error body that is not valid JSON';
  }
  if (body.statusCode !== response.status)
    return `body.statusCode ${String(body.statusCode)} ≠ status ${response.status}`;
  if (typeof body.error !== 'string' || !body.error) return 'no "error" text';
  if (typeof body.message !== 'string' || !body.message) return 'no "message" text';
  if (body.details !== undefined && !Array.isArray(body.details)) return '"details" is not an array';
  const extra = Object.keys(body).filter((key) => !BODY_KEYS.has(key));
  if (extra.length) return `unexpected fields ${extra.join(', ')}`;
  if ((response.status === 429 || response.status === 503) && !response.headers['retry-after'])
    return `${response.status} without Retry-After`;
  return null;
}
