import { isTransient, reasonOf } from './probe-result';

describe('probe results', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6399'), { code: 'ECONNREFUSED' });

  it('takes refused, unreachable and starting-up servers as worth waiting for', () => {
    expect(isTransient(refused)).toBe(true);
    expect(isTransient({ code: '57P03' })).toBe(true);
    // Node tries ::1 and 127.0.0.1 for "localhost" and reports both.
    expect(isTransient(new AggregateError([refused, refused]))).toBe(true);
  });

  it('does not wait for settings that are wrong', () => {
    expect(isTransient({ code: '28P01', message: 'password authentication failed' })).toBe(false);
    expect(isTransient(new Error('WRONGPASS invalid username-password pair'))).toBe(false);
  });

  it('names a network error by its code and anything else by its first line', () => {
    expect(reasonOf(refused)).toBe('ECONNREFUSED');
    expect(reasonOf(new Error('first\nsecond'))).toBe('first');
    expect(reasonOf(new AggregateError([refused], ''))).toBe('ECONNREFUSED');
  });
});
