import { randomBytes } from 'node:crypto';
import { headerProblems } from './header-rules';
import { generateSecret, maskSecret, secretProblem } from './webhook-secret';

describe('headerProblems', () => {
  it('accepts ordinary headers, authorization included', () => {
    expect(headerProblems({ Authorization: 'Bearer abc', 'X-Team': 'blue', 'x-trace_id': 'a\tb' })).toEqual(
      [],
    );
    expect(headerProblems({})).toEqual([]);
  });

  it.each([
    ['Host', /"Host" is reserved/],
    ['content-length', /reserved/],
    ['Content-Type', /reserved/],
    ['USER-AGENT', /reserved/],
    ['webhook-signature', /reserved/],
    ['Webhook-Id', /reserved/],
    ['X-Webhook-Event', /reserved/],
    ['x-webhook-anything', /reserved/],
    ['Connection', /reserved/],
    ['Transfer-Encoding', /reserved/],
    ['TE', /reserved/],
    ['Upgrade', /reserved/],
    ['keep-alive', /reserved/],
  ])('refuses the reserved name %s', (name, message) => {
    expect(headerProblems({ [name]: 'x' })).toEqual([expect.stringMatching(message)]);
  });

  it.each(['Bad Name', 'x:y', 'é', '', 'a(b)'])('refuses the invalid name %j', (name) => {
    expect(headerProblems({ [name]: 'x' })[0]).toMatch(/not a valid header name/);
  });

  it('refuses CR, LF, other control characters and non-string values', () => {
    expect(headerProblems({ 'X-A': 'a\r\nInjected: 1' })).toEqual([
      'headers: the value of "X-A" must not contain CR or LF',
    ]);
    expect(headerProblems({ 'X-A': 'a\nb' })[0]).toMatch(/CR or LF/);
    expect(headerProblems({ 'X-A': 'a\u0000b' })[0]).toMatch(/control characters/);
    expect(headerProblems({ 'X-A': 5 })[0]).toMatch(/must be a string/);
  });

  it('refuses more than 20 headers and names given twice in different case', () => {
    const many = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`X-H${i}`, 'v']));
    expect(headerProblems(many)).toEqual(['headers may hold at most 20 entries (got 21)']);
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`X-H${i}`, 'v']));
    expect(headerProblems(twenty)).toEqual([]);
    expect(headerProblems({ 'X-A': '1', 'x-a': '2' })).toEqual([
      'headers: "x-a" is given twice (names are case-insensitive)',
    ]);
  });

  it('refuses things that are not an object', () => {
    expect(headerProblems(['a'])[0]).toMatch(/must be an object/);
    expect(headerProblems('X-A: 1')[0]).toMatch(/must be an object/);
  });
});

describe('webhook secrets', () => {
  it('generates whsec_ + base64 of 32 bytes, which passes its own check', () => {
    const secret = generateSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice(6), 'base64')).toHaveLength(32);
    expect(secretProblem(secret)).toBeNull();
    expect(generateSecret()).not.toBe(secret);
  });

  it.each([24, 32, 64])('accepts %i bytes', (bytes) => {
    expect(secretProblem('whsec_' + randomBytes(bytes).toString('base64'))).toBeNull();
  });

  it.each([
    ['whsec_' + randomBytes(23).toString('base64'), /24 to 64 bytes .*encodes 23/],
    ['whsec_' + randomBytes(65).toString('base64'), /encodes 65/],
    [randomBytes(32).toString('base64'), /must start with whsec_/],
    ['whsec_', /standard base64/],
    ['whsec_not base64!!', /standard base64/],
    ['whsec_' + randomBytes(32).toString('base64url') + '-_', /standard base64/],
    ['whsec_' + randomBytes(32).toString('base64').replace(/=+$/, ''), /standard base64/],
    [42, /must be a string/],
  ])('refuses %j', (secret, message) => {
    expect(secretProblem(secret)).toMatch(message);
  });

  it('masks to whsec_… and the last four characters', () => {
    expect(maskSecret('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe('whsec_…LaSw');
  });
});
