/**
 * The attempts one worker process may have in flight (DELIVERY_CONCURRENCY), shared by every mailbox it
 * serves. Waiters are served first come, first served, and `tryTake` never jumps the line: a mailbox
 * that already has attempts in flight takes only what is free, so a busy webhook cannot starve the others.
 */
export class AttemptSlots {
  private free: number;
  private readonly waiters: Array<() => void> = [];

  constructor(readonly size: number) {
    this.free = size;
  }

  get available(): number {
    return this.free;
  }

  /** Takes up to `want` slots that are free right now (none while others wait in line). */
  tryTake(want: number): number {
    if (this.waiters.length > 0 || want <= 0) return 0;
    const taken = Math.min(want, this.free);
    this.free -= taken;
    return taken;
  }

  /** Waits in line for one slot. */
  take(): Promise<void> {
    if (this.tryTake(1) === 1) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  give(count = 1): void {
    for (let i = 0; i < count; i++) {
      const next = this.waiters.shift();
      if (next) next();
      else this.free++;
    }
  }
}
