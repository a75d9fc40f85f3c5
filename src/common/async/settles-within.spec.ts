import { settlesWithin } from './settles-within';

describe('settlesWithin', () => {
  it('is true for work that resolves or rejects in time', async () => {
    await expect(settlesWithin(Promise.resolve('done'), 1_000)).resolves.toBe(true);
    await expect(settlesWithin(Promise.reject(new Error('refused')), 1_000)).resolves.toBe(true);
  });

  it('is false, after the given time, for work that never settles', async () => {
    const started = Date.now();
    await expect(settlesWithin(new Promise(() => undefined), 50)).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});
