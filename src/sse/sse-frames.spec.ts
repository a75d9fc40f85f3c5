import { HttpException } from '@nestjs/common';
import { encodedEventFrame, eventFrame, parseTypePatterns, RESET_FRAME } from './sse-frames';
import { canSee, parseStreamEvent } from './stream-event';

describe('SSE frames', () => {
  it('writes id, event and one-line JSON data, ending with a blank line', () => {
    const frame = eventFrame('evt_1', 'sync.completed', { note: 'two\nlines\r\nhere', n: 1 });
    expect(frame).toBe('id: evt_1\nevent: sync.completed\ndata: {"note":"two\\nlines\\r\\nhere","n":1}\n\n');
    expect(frame.trimEnd().split('\n')).toHaveLength(3);
  });

  it('gives stream.reset no id line, so the client keeps its Last-Event-ID', () => {
    expect(RESET_FRAME).toBe('event: stream.reset\ndata: {"reason":"history_expired"}\n\n');
    expect(RESET_FRAME).not.toMatch(/^id:/m);
  });
});

describe('parseTypePatterns', () => {
  it('is null (every type) when absent or when * is listed', () => {
    expect(parseTypePatterns(undefined)).toBeNull();
    expect(parseTypePatterns('sync.*,*')).toBeNull();
  });

  it('splits, trims and dedupes', () => {
    expect(parseTypePatterns(' sync.completed , gaps.*,sync.completed')).toEqual([
      'sync.completed',
      'gaps.*',
    ]);
  });

  it('refuses empty lists and bad patterns with a 400 naming them', () => {
    for (const raw of ['', ' , ', 'Sync.Completed', 'sync', 'sync.*.x', 'a.b,c d']) {
      let error: unknown;
      try {
        parseTypePatterns(raw);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(HttpException);
      expect((error as HttpException).getStatus()).toBe(400);
    }
    expect(() => parseTypePatterns('sync.completed,nope')).toThrow(/not valid: nope/);
  });
});

describe('stream events', () => {
  const user = { userId: 'usr_a', isAdmin: false };
  it('scopes: platform-wide to all, owned to the owner, everything to admins', () => {
    expect(canSee(user, { userId: null })).toBe(true);
    expect(canSee(user, { userId: 'usr_a' })).toBe(true);
    expect(canSee(user, { userId: 'usr_b' })).toBe(false);
    expect(canSee({ userId: 'usr_x', isAdmin: true }, { userId: 'usr_b' })).toBe(true);
  });

  it('parses channel messages and rejects malformed ones', () => {
    const message = JSON.stringify({
      id: 'evt_1',
      type: 'a.b',
      userId: null,
      channels: null,
      data: { x: 1 },
      createdAt: 'now',
    });
    expect(parseStreamEvent(message)).toEqual({
      id: 'evt_1',
      type: 'a.b',
      userId: null,
      channels: null,
      data: { x: 1 },
      createdAt: 'now',
    });
    expect(parseStreamEvent('not json')).toBeNull();
    expect(parseStreamEvent(JSON.stringify({ id: 'evt_1', type: 'a.b', userId: 5 }))).toBeNull();
    expect(parseStreamEvent('null')).toBeNull();
  });
});

describe('encodedEventFrame', () => {
  it('encodes the contract frame once per event object', () => {
    const event = { id: 'evt_1', type: 'sync.completed', data: { a: 'ü\nb' } };
    const frame = encodedEventFrame(event);
    expect(frame.toString('utf8')).toBe(eventFrame(event.id, event.type, event.data));
    expect(encodedEventFrame(event)).toBe(frame);
    expect(encodedEventFrame({ ...event })).not.toBe(frame);
  });
});
