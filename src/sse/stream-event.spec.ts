import { comparePositions, parsePositionToken, positionToken } from '../events/feed/feed-position';
import { canSee, toStreamEvent } from './stream-event';
import { HEARTBEAT, openingMessage, resetMessage } from './stream-messages';

describe('stream events', () => {
  const user = { userId: 'usr_a', isAdmin: false };
  it('scopes: platform-wide to all, owned to the owner, everything to admins', () => {
    expect(canSee(user, { userId: null })).toBe(true);
    expect(canSee(user, { userId: 'usr_a' })).toBe(true);
    expect(canSee(user, { userId: 'usr_b' })).toBe(false);
    expect(canSee({ userId: 'usr_x', isAdmin: true }, { userId: 'usr_b' })).toBe(true);
  });

  it('serialises the data once, on one line, into a message every stream shares', () => {
    const event = toStreamEvent({
      id: 'evt_1',
      type: 'sync.completed',
      userId: null,
      channels: null,
      data: { note: 'two\nlines\r\nhere', n: 1 },
      createdAt: new Date(),
      tx: '42',
    });
    expect(event.message).toEqual({
      id: 'evt_1',
      type: 'sync.completed',
      data: '{"note":"two\\nlines\\r\\nhere","n":1}',
    });
    expect(Object.isFrozen(event.message)).toBe(true);
    expect(event).toMatchObject({ tx: '42', id: 'evt_1' });
  });

  it('gives every message that is not a comment the id to resume from (Nest would number it)', () => {
    expect(openingMessage('pos_7')).toEqual({ id: 'pos_7', retry: 3000 });
    expect(resetMessage('pos_7')).toEqual({
      type: 'stream.reset',
      id: 'pos_7',
      data: '{"reason":"history_expired"}',
    });
    expect(HEARTBEAT).toEqual({ comment: 'keep-alive' });
  });
});

describe('feed positions', () => {
  it('order by transaction as numbers, then by id', () => {
    expect(comparePositions({ tx: '9', id: 'evt_b' }, { tx: '10', id: 'evt_a' })).toBeLessThan(0);
    expect(comparePositions({ tx: '10', id: 'evt_a' }, { tx: '10', id: 'evt_b' })).toBeLessThan(0);
    expect(comparePositions({ tx: '10', id: '' }, { tx: '10', id: 'evt_a' })).toBeLessThan(0);
    expect(comparePositions({ tx: '10', id: 'evt_a' }, { tx: '10', id: 'evt_a' })).toBe(0);
  });

  it('round-trip position tokens and refuse anything else', () => {
    expect(parsePositionToken(positionToken('123'))).toEqual({ tx: '123', id: '' });
    expect(parsePositionToken('pos_007')).toEqual({ tx: '7', id: '' });
    for (const bad of ['pos_', 'pos_-1', 'evt_1', 'pos_1x', `pos_${'9'.repeat(21)}`]) {
      expect(parsePositionToken(bad)).toBeNull();
    }
  });
});
