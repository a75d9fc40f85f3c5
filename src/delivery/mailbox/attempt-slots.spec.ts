import { AttemptSlots } from './attempt-slots';

describe('AttemptSlots', () => {
  it('hands out free slots and takes them back', () => {
    const slots = new AttemptSlots(3);
    expect(slots.tryTake(2)).toBe(2);
    expect(slots.tryTake(5)).toBe(1);
    expect(slots.tryTake(1)).toBe(0);
    slots.give(2);
    expect(slots.available).toBe(2);
  });

  it('serves waiters first come, first served, and tryTake does not jump the line', async () => {
    const slots = new AttemptSlots(1);
    expect(slots.tryTake(1)).toBe(1);
    const order: string[] = [];
    const a = slots.take().then(() => order.push('a'));
    const b = slots.take().then(() => order.push('b'));
    slots.give();
    expect(slots.tryTake(1)).toBe(0); // b is still waiting
    slots.give();
    await Promise.all([a, b]);
    expect(order).toEqual(['a', 'b']);
    expect(slots.available).toBe(0);
    slots.give();
    expect(slots.available).toBe(1);
  });
});
