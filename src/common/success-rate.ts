/** Successes over finished deliveries, 0..1 to four places; null while nothing has finished. */
export function successRate(success: number, failed: number): number | null {
  const finished = success + failed;
  return finished ? Math.round((success / finished) * 10_000) / 10_000 : null;
}
