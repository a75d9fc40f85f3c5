import type { MessageEvent } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import type { Subscriber } from 'rxjs';
import { CloseReason, EventStream, StreamContext } from './event-stream';
import type { StreamEvent } from './stream-event';
import { HEARTBEAT } from './stream-messages';
import { StreamPacer } from './stream-pacer';

/** A response whose socket is full while `full` is set, like Node's writableNeedDrain. */
class FakeResponse extends EventEmitter {
  full = false;
  destroyed = false;
  get writableNeedDrain() {
    return this.full;
  }
  destroy() {
    this.destroyed = true;
  }
  drain() {
    this.full = false;
    this.emit('drain');
  }
}

const event = (id: string, userId: string | null = null, tx = '1'): StreamEvent => ({
  tx,
  id,
  type: 'a.b',
  userId,
  message: { id, type: 'a.b', data: '{}' },
});

function setup(maxBufferedEvents = 3, perTurn = 100) {
  const handed: MessageEvent[] = [];
  const closed: CloseReason[] = [];
  let completed = false;
  const subscriber = {
    next: (message: MessageEvent) => handed.push(message),
    complete: () => (completed = true),
  } as unknown as Subscriber<MessageEvent>;
  const response = new FakeResponse();
  const context: StreamContext = {
    maxBufferedEvents,
    pacer: new StreamPacer(perTurn),
    onEventSent: () => undefined,
    onClosed: (_stream, reason) => closed.push(reason),
  };
  const stream = new EventStream(
    {
      connectionId: 'c',
      viewer: { userId: 'usr_a', isAdmin: false },
      patterns: null,
      expiresAt: null,
      ticket: null,
      credential: null,
    },
    subscriber,
    response as unknown as ServerResponse,
    context,
  );
  const ids = () => handed.map((message) => message.id ?? message.comment);
  return { stream, response, handed, closed, ids, completed: () => completed };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('EventStream', () => {
  it('holds live events while joining, then sends them after the replay minus what it covered', () => {
    const { stream, ids } = setup(10);
    stream.deliver(event('evt_2', null, '5'));
    stream.deliver(event('evt_3', null, '6'));
    stream.deliver(event('evt_x', 'usr_b', '6')); // not hers
    stream.sendReplayed(event('evt_1', null, '4'));
    stream.sendReplayed(event('evt_2', null, '5'));
    stream.goLive();
    stream.deliver(event('evt_2', null, '5')); // a late live copy of a replayed one
    stream.deliver(event('evt_4', null, '7'));
    expect(ids()).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4']);
  });

  it('skips live events up to where a resume started', () => {
    const { stream, ids } = setup();
    stream.skipUpTo({ tx: '5', id: 'evt_5' });
    stream.goLive();
    stream.deliver(event('evt_4', null, '5'));
    stream.deliver(event('evt_6', null, '5'));
    expect(ids()).toEqual(['evt_6']);
  });

  it('keeps messages behind a full socket, in order, and hands them on after drain', () => {
    const { stream, response, ids } = setup(5);
    stream.goLive();
    stream.deliver(event('evt_1', null, '1'));
    response.full = true;
    stream.deliver(event('evt_2', null, '2'));
    stream.heartbeat(); // behind a full socket a heartbeat proves nothing
    stream.deliver(event('evt_3', null, '3'));
    expect(ids()).toEqual(['evt_1']);
    response.drain();
    expect(ids()).toEqual(['evt_1', 'evt_2', 'evt_3']);
    stream.heartbeat();
    expect(ids()).toEqual(['evt_1', 'evt_2', 'evt_3', HEARTBEAT.comment]);
  });

  it('drops a client once more than maxBufferedEvents wait, and forgets it once', () => {
    const { stream, response, closed } = setup(3);
    stream.goLive();
    response.full = true;
    for (let i = 1; i <= 4; i++) stream.deliver(event(`evt_${i}`, null, String(i)));
    expect(closed).toEqual(['slow']);
    expect(response.destroyed).toBe(true);
    expect(response.listenerCount('drain')).toBe(0);
    stream.forget('client');
    expect(closed).toEqual(['slow']);
  });

  it('also drops a client whose live events pile up while it joins', () => {
    const { stream, closed } = setup(2);
    for (let i = 1; i <= 3; i++) stream.deliver(event(`evt_${i}`, null, String(i)));
    expect(closed).toEqual(['slow']);
  });

  it('hands Nest a bounded number of messages per turn and the rest in later turns', async () => {
    const { stream, ids } = setup(100, 2);
    for (let i = 1; i <= 5; i++) stream.sendReplayed(event(`evt_${i}`, null, String(i)));
    expect(ids()).toEqual(['evt_1', 'evt_2']);
    await nextTurn();
    expect(ids()).toEqual(['evt_1', 'evt_2', 'evt_3', 'evt_4']);
    await nextTurn();
    expect(ids()).toHaveLength(5);
  });

  it('ends cleanly on expiry: a comment, then complete', () => {
    const { stream, handed, closed, completed } = setup();
    stream.goLive();
    stream.close('expired');
    expect(handed.at(-1)?.comment).toMatch(/credentials expired/);
    expect(completed()).toBe(true);
    expect(closed).toEqual(['expired']);
  });
});
