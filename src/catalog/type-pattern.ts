/** An event type: lowercase `segment.segment[.segment]` (docs/API.md §3). */
export const EVENT_TYPE_REGEX = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,2}$/;

/** A subscription pattern: a type, `*` (everything) or `prefix.*` (every type under that prefix). */
export const TYPE_PATTERN_REGEX =
  /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,1}\.\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,2})$/;

export const isEventType = (value: string) => EVENT_TYPE_REGEX.test(value);
export const isTypePattern = (value: string) => TYPE_PATTERN_REGEX.test(value);

/** Whether `type` is matched by `pattern` (`*`, `sync.*`, or the exact type). */
export function matchesTypePattern(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

export const matchesAnyTypePattern = (patterns: readonly string[], type: string) =>
  patterns.some((pattern) => matchesTypePattern(pattern, type));

/**
 * Every subscription pattern that matches `type`: `*`, the type itself and each `prefix.*` above it
 * (`a.b.c` → `*`, `a.b.c`, `a.*`, `a.b.*`). Matching then is one array overlap in SQL (`events && $1`).
 */
export function subscriberPatterns(type: string): string[] {
  const segments = type.split('.');
  const prefixes = segments.slice(0, -1).map((_, i) => `${segments.slice(0, i + 1).join('.')}.*`);
  return ['*', type, ...prefixes];
}
