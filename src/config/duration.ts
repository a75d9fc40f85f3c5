const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Parses "90", "90s", "15m", "24h", "7d" (plain numbers are seconds) into whole seconds. */
export function parseDurationSeconds(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}`);
  return Math.round(Number(match[1]) * UNIT_SECONDS[match[2] ?? 's']);
}
