/**
 * Every subscription pattern that matches `type`: `*`, the type itself and each `prefix.*` above it
 * (`a.b.c` → `*`, `a.b.c`, `a.*`, `a.b.*`). Matching then is one array overlap in SQL (`events && $1`).
 */
export function subscriberPatterns(type: string): string[] {
  const segments = type.split('.');
  const prefixes = segments.slice(0, -1).map((_, i) => `${segments.slice(0, i + 1).join('.')}.*`);
  return ['*', type, ...prefixes];
}
