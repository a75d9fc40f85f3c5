import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { toJsonText, Value } from './json-text';
import { malformedValue } from './malformed-values';
import { plausibleValue } from './plausible-values';
import { Random } from './random';
import { FuzzRoute } from './routes';

/** What the fuzzer may use to get past authentication and reach real rows (so validators and services run). */
export interface FuzzContext {
  tokens: string[];
  /** Real ids by the collection a path parameter belongs to (`users`, `webhooks`, `deliveries`, …). */
  ids: Record<string, string[]>;
}

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** A short description of what is malformed, for the failure report. */
  what: string[];
}

const ODD_PATH_PARAMS = [
  '%ED%A0%80', // a UTF-8-encoded surrogate: not valid UTF-8
  '%FF',
  '%C0%AF',
  '%E2%80%AE',
  '%2e%2e',
  '..%2f..%2fetc',
  '%25',
  '%20',
  "'",
  '-1',
  '1e400',
  'x'.repeat(3000),
  'wh_01ARZ3NDEKTSV4RRFFQ69G5FAV',
  'usr_',
];
const ODD_QUERY_VALUES = [
  '0',
  '-1',
  '1e400',
  '99999999999999999999',
  '1.5',
  'abc',
  '',
  'null',
  '%ED%A0%80',
  '%FF',
  '%E2%80%AE',
  'x'.repeat(5000),
  'success',
  'sync.*',
  '*',
  '2026-13-45',
];
const ODD_AUTH = [
  undefined,
  'Bearer',
  'Bearer junk',
  'Basic YTpi',
  `Bearer ${'x'.repeat(8000)}`,
  'Bearer hrld_000000000000000000000000',
  'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ1c3JfeCJ9.',
  'bearer  \t ',
];
const ODD_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset="utf-8"',
  'application/merge-patch+json',
  'application/json, text/plain',
  'application/xml',
  '',
];
const BROKEN_JSON = [
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{"a":NaN}',
  '{"a":undefined}',
  '[1,2',
  'null',
  '"just a string"',
  '12',
  '',
  '{}{}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
];

/** Which collection's ids a `{param}` of `path` takes. */
function collectionOf(path: string, param: string): string {
  if (param === 'delivery_id') return 'deliveries';
  if (param === 'type') return 'types';
  const before = path.split(`{${param}}`)[0].split('/').filter(Boolean);
  return before[before.length - 1] ?? param;
}

function pathFor(route: FuzzRoute, context: FuzzContext, random: Random, what: string[]): string {
  let path = route.path;
  for (const param of route.pathParams) {
    const real = context.ids[collectionOf(route.path, param)] ?? [];
    const odd = random.chance(0.4) || real.length === 0;
    const value = odd ? random.pick(ODD_PATH_PARAMS) : random.pick(real);
    if (odd) what.push(`path ${param}=${value.slice(0, 40)}`);
    path = path.replace(`{${param}}`, value);
  }
  const query: string[] = [];
  for (const param of route.queryParams) {
    if (random.chance(0.5)) continue;
    const value = random.pick(ODD_QUERY_VALUES);
    query.push(`${param}=${value}`);
    if (random.chance(0.15)) query.push(`${param}=${value}`); // repeated: an array instead of a string
  }
  if (random.chance(0.1)) query.push(random.pick(['unknown=1', '__proto__[x]=1', 'a[b][c]=d', '&&&', '=']));
  if (query.length) what.push(`query ${query.join('&').slice(0, 80)}`);
  return query.length ? `${path}?${query.join('&')}` : path;
}

function plausibleBody(route: FuzzRoute, random: Random): Record<string, Value> {
  const body: Record<string, Value> = {};
  for (const [name, schema] of Object.entries(route.body?.properties ?? {})) {
    if (route.body?.required.includes(name) || random.chance(0.5))
      body[name] = plausibleValue(name, schema, random);
  }
  return body;
}

function bodyFor(
  route: FuzzRoute,
  random: Random,
  headers: Record<string, string>,
  what: string[],
): Buffer | undefined {
  if (!route.body && random.chance(0.7)) return undefined;
  const fields = Object.keys(route.body?.properties ?? {});
  headers['content-type'] = 'application/json';
  const roll = random.next();
  let text: string;
  if (roll < 0.45 && fields.length) {
    const body = plausibleBody(route, random);
    const field = random.pick(fields);
    body[field] = malformedValue(random);
    what.push(`body field ${field} malformed`);
    text = toJsonText(body);
  } else if (roll < 0.55) {
    const body = plausibleBody(route, random);
    if (random.chance(0.5)) body[random.pick(['unknown', 'id', 'role', 'created_at', 'secret'])] = 'x';
    what.push('body plausible');
    text = toJsonText(body);
  } else if (roll < 0.65) {
    what.push('body is a malformed value');
    text = toJsonText(malformedValue(random));
  } else if (roll < 0.75) {
    what.push('body is broken JSON');
    text = random.pick(BROKEN_JSON);
    if (random.chance(0.2)) return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')]);
    if (random.chance(0.2)) return Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
  } else if (roll < 0.85) {
    const json = Buffer.from(toJsonText(plausibleBody(route, random)));
    const encoding = random.pick([
      'gzip',
      'gzip-corrupt',
      'deflate',
      'br',
      'compress',
      'gzip-bomb',
      'identity',
    ]);
    what.push(`content-encoding ${encoding}`);
    headers['content-encoding'] = encoding.split('-')[0];
    if (encoding === 'gzip') return gzipSync(json);
    if (encoding === 'gzip-corrupt')
      return Buffer.concat([gzipSync(json).subarray(0, 12), Buffer.from('garbage')]);
    if (encoding === 'deflate') return deflateSync(json);
    if (encoding === 'br') return brotliCompressSync(json);
    if (encoding === 'gzip-bomb') return gzipSync(`{"a":"${'a'.repeat(3_000_000)}"}`);
    return json;
  } else if (roll < 0.95) {
    const type = random.pick(ODD_CONTENT_TYPES);
    what.push(`content-type "${type}"`);
    if (type) headers['content-type'] = type;
    else delete headers['content-type'];
    return Buffer.from(
      type.includes('utf-16')
        ? Buffer.from(toJsonText(plausibleBody(route, random)), 'utf16le')
        : random.pick(['{"a":1}', 'a=1&b=2', '<a/>']),
    );
  } else {
    what.push('body over the size limit');
    return Buffer.from(`{"a":"${'a'.repeat(1_100_000)}"}`);
  }
  return Buffer.from(text);
}

/** One malformed (or occasionally well-formed) request for `route`. */
export function generateRequest(route: FuzzRoute, context: FuzzContext, random: Random): FuzzRequest {
  const what: string[] = [];
  const headers: Record<string, string> = {
    accept: random.pick(['application/json', '*/*', 'text/html', 'text/event-stream']),
  };
  const auth = random.chance(0.75) ? `Bearer ${random.pick(context.tokens)}` : random.pick(ODD_AUTH);
  if (auth) headers.authorization = auth;
  if (!auth?.startsWith('Bearer ') || !context.tokens.includes(auth.slice(7)))
    what.push(`auth ${String(auth).slice(0, 30)}`);
  if (random.chance(0.1))
    headers['last-event-id'] = random.pick([
      'evt_x',
      'x'.repeat(2000),
      '%00',
      'evt_01ARZ3NDEKTSV4RRFFQ69G5FAV',
    ]);
  if (random.chance(0.02)) {
    headers['x-padding'] = 'a'.repeat(20_000); // past Node's 16 KiB of headers: answered before Express
    what.push('headers over 16 KiB');
  }
  const method = random.chance(0.03)
    ? random.pick(['PATCH', 'PUT', 'DELETE', 'OPTIONS', 'TRACE'])
    : route.method;
  if (method !== route.method) what.push(`method ${method}`);
  const path = pathFor(route, context, random, what);
  const body = method === 'TRACE' ? undefined : bodyFor(route, random, headers, what);
  return { method, path, headers, body, what };
}
