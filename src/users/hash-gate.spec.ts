import { HeraldHttpError } from '../common/errors/http-errors';
import { HashGate } from './hash-gate';

describe('HashGate', () => {
  /** Work that finishes only when the test says so, recording how many run at once. */
  const harness = () => {
    let running = 0;
    let peak = 0;
    const finishers: (() => void)[] = [];
    const work = () =>
      new Promise<string>((resolve) => {
        running++;
        peak = Math.max(peak, running);
        finishers.push(() => {
          running--;
          resolve('done');
        });
      });
    return { work, finishers, peak: () => peak, running: () => running };
  };
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  it('runs at most `concurrency` at once and lets the queue through in turn', async () => {
    const gate = new HashGate(2, 10);
    const h = harness();
    const results = Array.from({ length: 6 }, () => gate.run(h.work));
    await tick();
    expect(h.running()).toBe(2);
    expect(gate.waiting()).toBe(4);
    while (h.finishers.length) {
      h.finishers.shift()!();
      await tick();
      await tick();
    }
    await expect(Promise.all(results)).resolves.toEqual(Array(6).fill('done'));
    expect(h.peak()).toBe(2);
  });

  it('answers a 503 with Retry-After at once when the queue is full, and takes work again once it drains', async () => {
    const gate = new HashGate(1, 2, 3);
    const h = harness();
    const accepted = [gate.run(h.work), gate.run(h.work), gate.run(h.work)];
    await tick();
    const refused = await gate.run(h.work).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(HeraldHttpError);
    expect((refused as HeraldHttpError).getStatus()).toBe(503);
    expect((refused as HeraldHttpError).retryAfterSeconds).toBe(3);
    expect((refused as HeraldHttpError).message).toMatch(/busy checking other passwords/);

    while (h.finishers.length || h.running()) {
      h.finishers.shift()?.();
      await tick();
    }
    await Promise.all(accepted);
    const again = gate.run(h.work);
    await tick();
    h.finishers.shift()!();
    await expect(again).resolves.toBe('done');
  });

  it('frees its slot when the work fails', async () => {
    const gate = new HashGate(1, 0);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('keeps a slot closed after each run for restRatio times as long as the run took', async () => {
    const gate = new HashGate(1, 10, 1, 1);
    const took = 100;
    const starts: number[] = [];
    const work = () => {
      starts.push(performance.now());
      return new Promise<string>((resolve) => setTimeout(() => resolve('done'), took));
    };
    const first = gate.run(work);
    const second = gate.run(work);
    const firstDone = await first.then(() => performance.now());
    // The first answer is not held back by the rest...
    expect(firstDone - starts[0]).toBeLessThan(took * 1.9);
    await second;
    // ...but the next run starts only after it (a timer may fire a millisecond early).
    expect(starts[1] - starts[0]).toBeGreaterThanOrEqual(took * 2 - 5);
  });
});
