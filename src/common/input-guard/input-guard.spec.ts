import { jsonBodyViolation, LONE_SURROGATE_IN_BODY, NUL_IN_BODY, tooDeep, urlHasNul } from './index';

const check = (json: string, maxDepth = 64) => jsonBodyViolation(Buffer.from(json, 'utf8'), maxDepth);

describe('input guard: NUL', () => {
  it.each([
    ['{"a":"\\u0000"}', true],
    ['{"a":"x\\u0000y"}', true],
    ['{"\\u0000":1}', true],
    ['{"a":"\\\\\\u0000"}', true], // an escaped backslash, then an escaped NUL
    ['{"a":"\\\\u0000"}', false], // an escaped backslash, then the letters u0000
    ['{"a":"u0000"}', false],
    ['{"a":"\\u00001"}', true],
    ['{"a":"\\u0001"}', false],
  ])('%s → %s', (json, refused) => {
    expect(check(json)).toBe(refused ? NUL_IN_BODY : null);
  });

  it('spots %00 in a URL', () => {
    expect(urlHasNul('/api/events?type=%00')).toBe(true);
    expect(urlHasNul('/api/events?type=a%2500')).toBe(false);
  });
});

describe('input guard: lone surrogates', () => {
  it.each([
    ['{"email":"\\udfff"}', true], // the example: a low half alone
    ['{"email":"\\ud800"}', true], // a high half at the end of the string
    ['{"email":"\\ud800x"}', true], // a high half followed by a plain character
    ['{"email":"\\ud800\\n"}', true], // …or by another escape
    ['{"email":"\\ud800\\ud800"}', true], // two high halves
    ['{"\\udc00":1}', true], // in a key
    ['{"a":["ok","\\uDBFF"]}', true], // upper-case hex
    ['{"a":"\\ud83d\\ude00"}', false], // a proper pair (😀)
    ['{"a":"😀"}', false], // the same character in UTF-8
    ['{"a":"\\u00e9\\u4e2d"}', false],
    ['{"a":"\\\\ud800"}', false], // an escaped backslash, then text
  ])('%s → %s', (json, refused) => {
    expect(check(json)).toBe(refused ? LONE_SURROGATE_IN_BODY : null);
  });

  it('agrees with a Unicode-mode regular expression on what JSON.parse makes', () => {
    // In /u mode a proper pair is one code point, so only an unpaired half matches the range.
    const loneSurrogate = /[\uD800-\uDFFF]/u;
    for (const json of ['"\\ud800"', '"\\ud83d\\ude00"', '"\\udfff\\ud800"', '"a\\ud800b"']) {
      const wellFormed = !loneSurrogate.test(JSON.parse(json) as string);
      expect(check(json) === null).toBe(wellFormed);
    }
  });
});

describe('input guard: nesting depth', () => {
  const nested = (depth: number, open = '[', close = ']') => `${open.repeat(depth)}${close.repeat(depth)}`;

  it('allows the limit and refuses one level more, arrays and objects alike', () => {
    expect(check(nested(64))).toBeNull();
    expect(check(nested(65))).toBe(tooDeep(64));
    const objects = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
    expect(check(objects(64))).toBeNull();
    expect(check(objects(65))).toBe(tooDeep(64));
  });

  it('counts depth, not the number of containers', () => {
    expect(check(`[${Array.from({ length: 5000 }, () => '[[]]').join(',')}]`, 3)).toBeNull();
  });

  it('ignores brackets inside strings, including after escaped quotes', () => {
    expect(check(`{"a":"${'['.repeat(500)}"}`, 2)).toBeNull();
    expect(check(`{"a":"\\"${'{'.repeat(500)}"}`, 2)).toBeNull();
  });

  it('refuses the 4 KB body of the issue (2,000 arrays) in any field', () => {
    expect(check(`{"email":${nested(2000)},"password":"x"}`)).toBe(tooDeep(64));
  });

  it('leaves malformed JSON to the parser', () => {
    expect(check('{"a":"\\u12"}')).toBeNull();
    expect(check('{"a":')).toBeNull();
  });
});
