/** How values read on screen. */

export const formatTime = (iso: string | null | undefined) =>
  iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }) : '—';

export const formatRate = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${Math.round(rate * 1000) / 10}%`;

export const formatMs = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? '—' : `${ms} ms`;

export const formatJson = (value: unknown) => JSON.stringify(value, null, 2);

/** Whether `type` matches a subscription pattern: exact, `*`, or `prefix.*`. */
export function matchesPattern(type: string, pattern: string): boolean {
  if (pattern === '*' || pattern === type) return true;
  return pattern.endsWith('.*') && type.startsWith(pattern.slice(0, -1));
}
