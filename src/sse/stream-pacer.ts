/**
 * Turns of the event loop, shared by every stream of the instance. Nest queues a message it cannot
 * write at once out of sight, so a stream hands it at most `perTurn` messages per turn (a replay, a
 * burst) and keeps the rest counted in its own queue; `later` runs such a stream's flush in the next
 * turn. One `setImmediate` per turn for the whole instance, none per stream.
 */
export class StreamPacer {
  turn = 0;
  private scheduled = false;
  private readonly pending = new Set<() => void>();

  constructor(readonly perTurn: number) {}

  /** A stream handed a message this turn: the turn must end for its count to start again. */
  used(): void {
    this.schedule();
  }

  later(flush: () => void): void {
    this.pending.add(flush);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.nextTurn);
  }

  private readonly nextTurn = (): void => {
    this.scheduled = false;
    this.turn++;
    const flushes = [...this.pending];
    this.pending.clear();
    for (const flush of flushes) flush();
  };
}
