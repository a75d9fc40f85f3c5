import { jsonHasNul, urlHasNul } from './nul-guard';

describe('NUL guard', () => {
  it.each([
    ['{"a":"\\u0000"}', true],
    ['{"a":"x\\u0000y"}', true],
    ['{"\\u0000":1}', true],
    ['{"a":"\\\\\\u0000"}', true], // an escaped backslash, then an escaped NUL
    ['{"a":"\\\\u0000"}', false], // an escaped backslash, then the letters u0000
    ['{"a":"u0000"}', false],
    ['{"a":"\\u00001"}', true],
    ['{"a":"\\u0001"}', false],
  ])('%s → %s', (json, expected) => {
    expect(jsonHasNul(Buffer.from(json))).toBe(expected);
  });

  it('spots %00 in a URL', () => {
    expect(urlHasNul('/api/events?type=%00')).toBe(true);
    expect(urlHasNul('/api/events?type=a%2500')).toBe(false);
  });
});
