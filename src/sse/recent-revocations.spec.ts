import { RecentRevocations } from './recent-revocations';

describe('RecentRevocations', () => {
  it('matches a user-wide revocation for any credential, a credential revocation for that one only', () => {
    const recent = new RecentRevocations();
    recent.note('usr_a', 'key1', 1_000);
    recent.note('usr_b', null, 1_000);
    expect(recent.revokedSince(900, 'usr_a', 'key1', 1_100)).toBe(true);
    expect(recent.revokedSince(900, 'usr_a', 'key2', 1_100)).toBe(false);
    expect(recent.revokedSince(900, 'usr_a', null, 1_100)).toBe(false);
    expect(recent.revokedSince(900, 'usr_b', 'anything', 1_100)).toBe(true);
    expect(recent.revokedSince(900, 'usr_b', null, 1_100)).toBe(true);
  });

  it('ignores revocations older than the identity, and forgets them after ten seconds', () => {
    const recent = new RecentRevocations();
    recent.note('usr_a', null, 1_000);
    expect(recent.revokedSince(1_001, 'usr_a', null, 1_100)).toBe(false);
    expect(recent.revokedSince(0, 'usr_a', null, 10_999)).toBe(true);
    expect(recent.revokedSince(0, 'usr_a', null, 11_001)).toBe(false);
  });
});
