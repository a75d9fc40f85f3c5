/** What one connection attempt to a backing service found out. */
export type ProbeResult =
  | { ok: true }
  /** `retry`: the service may come up (refused, timed out, starting); otherwise the settings are wrong. */
  | { ok: false; retry: boolean; reason: string };

/** Network errors that mean "nothing answers there yet": worth waiting for. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EPIPE',
  // PostgreSQL: the database system is starting up / shutting down.
  '57P03',
]);

export function isTransient(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true;
  // AggregateError (IPv4 and IPv6 both refused) carries the codes of its parts.
  const parts = (error as { errors?: unknown[] })?.errors;
  return Array.isArray(parts) && parts.length > 0 && parts.every(isTransient);
}

/** A short reason for a failed attempt: the error code when there is one, its message otherwise. */
export function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  const parts = (error as { errors?: unknown[] })?.errors;
  if (!message && Array.isArray(parts) && parts.length) return reasonOf(parts[0]);
  return message.split('\n')[0];
}

export function failure(error: unknown): ProbeResult {
  return { ok: false, retry: isTransient(error), reason: reasonOf(error) };
}
