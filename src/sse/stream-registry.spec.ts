import type { EventStream } from './event-stream';
import type { EventViewer } from '../events/event-viewer';
import type { StreamEvent } from './stream-event';
import { StreamRegistry } from './stream-registry';

// The registry only routes: a stand-in stream that records what reached it is enough here.
function recorder(viewer: EventViewer) {
  const received: string[] = [];
  const stream = {
    viewer,
    deliver: (event: StreamEvent) => received.push(event.id),
  } as unknown as EventStream;
  return { stream, received };
}

const event = (id: string, userId: string | null): StreamEvent => ({
  tx: '1',
  id,
  type: 'a.b',
  userId,
  message: { id, type: 'a.b', data: '{}' },
});

describe('StreamRegistry', () => {
  it('routes owned events to the owner and admins only, platform-wide ones to all', () => {
    const registry = new StreamRegistry();
    const alice = recorder({ userId: 'usr_a', isAdmin: false });
    const bob = recorder({ userId: 'usr_b', isAdmin: false });
    const admin = recorder({ userId: 'usr_admin', isAdmin: true });
    [alice, bob, admin].forEach(({ stream }) => registry.add(stream));

    registry.dispatch(event('evt_1', 'usr_a'));
    registry.dispatch(event('evt_2', null));
    registry.dispatch(event('evt_3', 'usr_admin'));

    expect(alice.received).toEqual(['evt_1', 'evt_2']);
    expect(bob.received).toEqual(['evt_2']);
    expect(admin.received).toEqual(['evt_1', 'evt_2', 'evt_3']);
  });

  it('forgets a stream and its user index entry on remove', () => {
    const registry = new StreamRegistry();
    const alice = recorder({ userId: 'usr_a', isAdmin: false });
    registry.add(alice.stream);
    expect([registry.size, registry.indexedUsers]).toEqual([1, 1]);
    registry.remove(alice.stream);
    registry.remove(alice.stream);
    expect([registry.size, registry.indexedUsers]).toEqual([0, 0]);
    registry.dispatch(event('evt_1', null));
    expect(alice.received).toEqual([]);
  });
});
