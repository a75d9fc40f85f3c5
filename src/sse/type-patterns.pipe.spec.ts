import { HttpException } from '@nestjs/common';
import { parseTypePatterns } from './type-patterns.pipe';

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
