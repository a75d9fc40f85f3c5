/**
 * PostgreSQL cannot store the NUL character in text or jsonb, so input holding one would fail deep in a
 * query. These checks refuse it at the door, as a 400 that says so, whatever route it is sent to.
 */
export const NUL_IN_BODY =
  'The request body contains a NUL character (\\u0000), which Herald does not accept';
export const NUL_IN_URL = 'The URL contains a NUL character (%00), which Herald does not accept';

const ESCAPE = Buffer.from('u0000');
const BACKSLASH = 0x5c;

/**
 * Whether a JSON text holds an escaped NUL (`\u0000`). A raw NUL byte is already invalid JSON. The
 * backslashes before `u0000` are counted, so the text `\\u0000` (an escaped backslash, then "u0000") passes.
 */
export function jsonHasNul(body: Buffer): boolean {
  for (let at = body.indexOf(ESCAPE); at !== -1; at = body.indexOf(ESCAPE, at + 1)) {
    let backslashes = 0;
    for (let i = at - 1; i >= 0 && body[i] === BACKSLASH; i--) backslashes++;
    if (backslashes % 2 === 1) return true;
  }
  return false;
}

export const urlHasNul = (url: string) => url.includes('%00');
