/**
 * One pass over a raw JSON body, before it is parsed, for what must never reach a validator or PostgreSQL:
 * - nesting deeper than the limit: class-validator and class-transformer recurse, and a 4 KB body nesting
 *   arrays 2,000 levels deep overflowed the stack (a 500);
 * - a lone UTF-16 surrogate (`"\udfff"`): not Unicode text; validator.js throws on it ("URI malformed");
 * - an escaped NUL (`\u0000`): PostgreSQL cannot store it in text or jsonb.
 *
 * The scan works on UTF-8 bytes: every structural character and every escape is ASCII, and a UTF-8
 * multi-byte sequence never holds a byte below 0x80, so bytes inside strings cannot be mistaken for them.
 * Raw (unescaped) surrogates cannot be written in valid UTF-8 at all; the decoder turns them into U+FFFD.
 */

export const NUL_IN_BODY =
  'The request body contains a NUL character (\\u0000), which Herald does not accept';
export const LONE_SURROGATE_IN_BODY =
  'The request body contains a lone UTF-16 surrogate (e.g. \\ud800 without its pair), which is not valid Unicode text';
export const tooDeep = (limit: number) =>
  `The request body nests objects and arrays more than ${limit} levels deep, the limit`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
const LETTER_U = 0x75;

/** The code unit of the `\u` + four-hex-digit escape whose `u` is at `at`, or -1 when it is not four hex digits. */
function escapedUnit(body: Buffer, at: number): number {
  if (at + 4 >= body.length) return -1;
  const hex = body.toString('latin1', at + 1, at + 5);
  return /^[0-9a-fA-F]{4}$/.test(hex) ? Number.parseInt(hex, 16) : -1;
}

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;

/**
 * Why `body` must be refused, or null when it may go on to the JSON parser. Malformed JSON is left to the
 * parser, which words its own 400.
 */
export function jsonBodyViolation(body: Buffer, maxDepth: number): string | null {
  let depth = 0;
  let inString = false;
  /** Set right after a high surrogate escape: the next thing in the string must be its low half. */
  let awaitingLow = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (!inString) {
      if (byte === QUOTE) inString = true;
      else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        if (++depth > maxDepth) return tooDeep(maxDepth);
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) depth--;
      continue;
    }
    if (byte === BACKSLASH) {
      const next = body[++i];
      if (next !== LETTER_U) {
        if (awaitingLow) return LONE_SURROGATE_IN_BODY;
        continue;
      }
      const unit = escapedUnit(body, i);
      if (unit < 0) return null;
      i += 4;
      if (unit === 0) return NUL_IN_BODY;
      if (awaitingLow) {
        if (!isLow(unit)) return LONE_SURROGATE_IN_BODY;
        awaitingLow = false;
      } else if (isHigh(unit)) awaitingLow = true;
      else if (isLow(unit)) return LONE_SURROGATE_IN_BODY;
      continue;
    }
    if (awaitingLow) return LONE_SURROGATE_IN_BODY;
    if (byte === QUOTE) inString = false;
  }
  return null;
}
