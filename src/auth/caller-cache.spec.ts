import { CALLER_CACHE_TTL_MS, CallerCache } from './caller-cache';

describe('CallerCache', () => {
  const alice = { id: 'usr_a', email: 'a@x.test', role: 'publisher' as const };
  const bob = { id: 'usr_b', email: 'b@x.test', role: 'user' as const };

  afterEach(() => jest.useRealTimers());

  it('trusts an identity for at most CALLER_CACHE_TTL_MS', () => {
    jest.useFakeTimers();
    const cache = new CallerCache();
    cache.rememberUser(alice);
    cache.rememberKey('hash-a', 'key_a', alice);
    jest.advanceTimersByTime(CALLER_CACHE_TTL_MS - 1);
    expect(cache.user(alice.id)).toEqual(alice);
    expect(cache.key('hash-a')).toEqual(alice);
    jest.advanceTimersByTime(1);
    expect(cache.user(alice.id)).toBeUndefined();
    expect(cache.key('hash-a')).toBeUndefined();
  });

  it('forgets a changed user and every key of that user at once, and a deleted key by its id', () => {
    const cache = new CallerCache();
    cache.rememberUser(alice);
    cache.rememberUser(bob);
    cache.rememberKey('hash-a1', 'key_a1', alice);
    cache.rememberKey('hash-a2', 'key_a2', alice);
    cache.rememberKey('hash-b', 'key_b', bob);
    cache.forgetUser({ userId: alice.id });
    expect(cache.user(alice.id)).toBeUndefined();
    expect(cache.key('hash-a1')).toBeUndefined();
    expect(cache.key('hash-a2')).toBeUndefined();
    expect(cache.user(bob.id)).toEqual(bob);
    cache.forgetKey('key_b');
    expect(cache.key('hash-b')).toBeUndefined();
    expect(cache.user(bob.id)).toEqual(bob);
  });
});
