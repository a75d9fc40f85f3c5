export const MAX_CUSTOM_HEADERS = 20;
const MAX_VALUE_LENGTH = 4096;

/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** Control characters other than horizontal tab, CR and LF first among them: they would split or corrupt the request. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/;

/** Headers Herald sets itself, or that would change how the request is framed or routed. */
const RESERVED = new Set([
  'host',
  'content-length',
  'content-type',
  'user-agent',
  'connection',
  'transfer-encoding',
  'te',
  'upgrade',
  'keep-alive',
  'trailer',
  'expect',
  'proxy-connection',
]);
const RESERVED_PREFIXES = ['webhook-', 'x-webhook-'];

/** Every problem with a webhook's custom headers, each message naming the header and what is wrong. */
export function headerProblems(headers: unknown): string[] {
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    return ['headers must be an object of header names to string values'];
  }
  const entries = Object.entries(headers as Record<string, unknown>);
  const problems: string[] = [];
  if (entries.length > MAX_CUSTOM_HEADERS)
    problems.push(`headers may hold at most ${MAX_CUSTOM_HEADERS} entries (got ${entries.length})`);
  const seen = new Set<string>();
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (!TOKEN.test(name)) {
      problems.push(
        `headers: "${name}" is not a valid header name (letters, digits and !#$%&'*+-.^_\`|~ only)`,
      );
      continue;
    }
    if (RESERVED.has(lower) || RESERVED_PREFIXES.some((prefix) => lower.startsWith(prefix))) {
      problems.push(`headers: "${name}" is reserved; Herald sets it itself`);
    }
    if (seen.has(lower)) problems.push(`headers: "${name}" is given twice (names are case-insensitive)`);
    seen.add(lower);
    if (typeof value !== 'string') problems.push(`headers: the value of "${name}" must be a string`);
    else if (/[\r\n]/.test(value)) problems.push(`headers: the value of "${name}" must not contain CR or LF`);
    else if (CONTROL.test(value))
      problems.push(`headers: the value of "${name}" must not contain control characters`);
    else if (value.length > MAX_VALUE_LENGTH)
      problems.push(`headers: the value of "${name}" must be at most ${MAX_VALUE_LENGTH} characters`);
  }
  return problems;
}
