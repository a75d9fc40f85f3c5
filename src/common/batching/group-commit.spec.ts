import { GroupCommit } from './group-commit';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommit', () => {
  it('commits a lone item at once and groups what arrives while a commit runs', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const group = new GroupCommit<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map((i) => i * 10);
      },
      { maxBatch: 100, concurrency: 1 },
    );
    const first = group.submit(1);
    await tick();
    const rest = [group.submit(2), group.submit(3), group.submit(4)];
    await tick();
    expect(batches).toEqual([[1]]);
    release();
    expect(await first).toBe(10);
    expect(await Promise.all(rest)).toEqual([20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('answers an item-level error to that item only', async () => {
    const group = new GroupCommit<number, number>(
      async (items) => items.map((i) => (i === 2 ? new Error('two is refused') : i)),
      { maxBatch: 10, concurrency: 1 },
    );
    const results = await Promise.allSettled([1, 2, 3].map((i) => group.submit(i)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('retries a failed batch item by item, so one poison item fails alone', async () => {
    const seen: number[][] = [];
    let hold = true;
    const group = new GroupCommit<number, number>(
      async (items) => {
        seen.push(items);
        if (hold) {
          hold = false;
          await tick();
        }
        if (items.includes(13)) throw new Error('bad row');
        return items;
      },
      { maxBatch: 10, concurrency: 1 },
    );
    const first = group.submit(0);
    const queued = [12, 13, 14].map((i) => group.submit(i));
    await first;
    const results = await Promise.allSettled(queued);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(seen).toEqual([[0], [12, 13, 14], [12], [13], [14]]);
  });
});
