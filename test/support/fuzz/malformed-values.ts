import { Random } from './random';
import { Raw, Value } from './json-text';

/** Values that are wrong somewhere a validator, a parser or PostgreSQL could trip over. */
export function malformedValue(random: Random): Value {
  const depth = random.pick([65, 200, 2_000, 5_000]);
  const kinds: (() => Value)[] = [
    () => new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`),
    () => new Raw(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
    () =>
      new Raw(random.pick(['"\\udfff"', '"\\ud800"', '"a\\ud83d"', '"\\ud800\\ud800"', '"\\udc00\\ud800"'])),
    () => new Raw(random.pick(['"\\u0000"', '"a\\u0000b"'])),
    () =>
      new Raw(
        random.pick(['1e400', '-1e400', '123456789012345678901234567890', '1e-400', '-0', '0.0000001']),
      ),
    () => random.pick([Number.MAX_SAFE_INTEGER + 2, -1, 0, 2 ** 31, -(2 ** 63), 3.5, 1e21]),
    () => random.pick<Value>([null, true, false, [], {}, [1, 'a'], { nested: { x: 1 } }, '', ' ']),
    () => 'x'.repeat(random.pick([256, 5_000, 100_000])),
    () =>
      random.pick([
        '\u202e\u200b',
        '😀',
        'é',
        '\t\r\n',
        '<script>alert(1)</script>',
        "'; DROP TABLE users; --",
      ]),
    () =>
      random.pick([
        'https://127.0.0.1/',
        'http://[::1]/',
        'javascript:alert(1)',
        'https://user:pw@x.test/',
        '//x',
      ]),
    () => random.pick(['2026-13-45T99:99:99Z', 'yesterday', '0000-00-00', '9999-12-31T23:59:59.999Z']),
    () => random.pick(['*', 'a.*', '.*', '**', 'A.B', 'a..b', 'sync.completed']),
    () => new Raw('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}'),
  ];
  return random.pick(kinds)();
}
