/**
 * Wall-clock milliseconds with sub-millisecond resolution. `timeOrigin + now()` is comparable between
 * processes on one machine, which is what publish→arrival latencies across the harness, the receiver and
 * the SSE clients need (Date.now() alone is too coarse for a 1 ms p50).
 */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `predicate` until it holds or `timeoutMs` passes; returns whether it held. */
export async function pollUntil(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 50,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await predicate()) return true;
    if (Date.now() >= deadline) return false;
    await sleep(everyMs);
  }
}
