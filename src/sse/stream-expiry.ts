import type { EventStream } from './event-stream';

const SECOND = 1000;

/**
 * Ends streams when the JWT they were opened with expires: streams grouped by the second of their
 * expiry and one timer for the instance, ticking while any such stream is open, instead of a timer per
 * stream. A stream ends within a second after its token.
 */
export class StreamExpiry {
  private readonly bySecond = new Map<number, Set<EventStream>>();
  private timer?: NodeJS.Timeout;

  add(stream: EventStream): void {
    const second = this.secondOf(stream);
    if (second === null) return;
    let due = this.bySecond.get(second);
    if (!due) this.bySecond.set(second, (due = new Set()));
    due.add(stream);
    if (!this.timer) {
      this.timer = setInterval(this.expire, SECOND);
      this.timer.unref();
    }
  }

  remove(stream: EventStream): void {
    const second = this.secondOf(stream);
    if (second === null) return;
    const due = this.bySecond.get(second);
    if (due?.delete(stream) && due.size === 0) this.bySecond.delete(second);
    this.stopWhenIdle();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private readonly expire = (): void => {
    const now = Date.now();
    for (const [second, due] of this.bySecond) {
      if (second * SECOND > now) continue;
      this.bySecond.delete(second);
      for (const stream of due) stream.close('expired');
    }
    this.stopWhenIdle();
  };

  private stopWhenIdle(): void {
    if (this.bySecond.size === 0) this.stop();
  }

  private secondOf(stream: EventStream): number | null {
    const at = stream.owner.expiresAt;
    return at === null ? null : Math.ceil(at / SECOND);
  }
}
