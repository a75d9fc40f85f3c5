import { request } from 'node:http';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { startTestApp, TestApp, testEnv } from './support/test-app';

/**
 * The input guard at the body parser (issue 15 items 1–2): each case the outside stress run found as a 500,
 * now a 400 that names the problem, on every route that takes a body, before any validator runs.
 */
describe('input guard at the body parser (e2e)', () => {
  let herald: TestApp;
  let admin: string;
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const objects = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  beforeAll(async () => {
    herald = await startTestApp(testEnv({ BODY_MAX_DEPTH: '32' }));
    admin = await herald.http.adminToken();
  });
  afterAll(() => herald.close());

  const routes: [string, string, (value: string) => string][] = [
    ['POST', '/api/auth/register', (v) => `{"email":${v},"password":"password-123"}`],
    ['POST', '/api/auth/login', (v) => `{"email":"a@b.test","password":${v}}`],
    ['PATCH', '/api/users/usr_x', (v) => `{"role":${v}}`],
    ['POST', '/api/events/types', (v) => `{"type":"a.b","description":"x","schema":${v}}`],
    ['POST', '/api/events', (v) => `{"type":"sync.completed","data":{"deep":${v}}}`],
    ['POST', '/api/webhooks', (v) => `{"url":"https://example.com","events":${v}}`],
    ['PATCH', '/api/webhooks/wh_x', (v) => `{"headers":${v}}`],
    ['PUT', '/api/webhooks/wh_x', (v) => `{"name":${v}}`],
    ['POST', '/api/webhooks/wh_x/recover', (v) => `{"since":${v}}`],
  ];

  it.each(routes)(
    '%s %s: nesting past BODY_MAX_DEPTH is a 400 naming the limit',
    async (method, path, body) => {
      for (const deep of [nested(2000), objects(3000), nested(33)]) {
        const response = await herald.http.request(method, path, { rawBody: body(deep), token: admin });
        expect({ status: response.status, body: response.body }).toEqual({
          status: 400,
          body: {
            statusCode: 400,
            error: 'Bad Request',
            message: 'The request body nests objects and arrays more than 32 levels deep, the limit',
          },
        });
      }
    },
  );

  it('lets a body at the limit through to validation', async () => {
    const atLimit = await herald.http.request('POST', '/api/events', {
      rawBody: `{"type":"sync.completed","data":${nested(31)}}`,
      token: admin,
    });
    expect(atLimit.status).toBe(400); // data must be an object: the validator's answer, not the guard's
    expect(atLimit.body.message).not.toMatch(/levels deep/);
  });

  it.each(routes)('%s %s: a lone surrogate is a 400 before any validator', async (method, path, body) => {
    for (const lone of ['"\\udfff"', '"x\\ud800"', '["\\ud83d"]']) {
      const response = await herald.http.request(method, path, { rawBody: body(lone), token: admin });
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/lone UTF-16 surrogate/);
    }
  });

  it('lets a proper surrogate pair (escaped or as UTF-8) through', async () => {
    const created = await herald.http.request('POST', '/api/api-keys', {
      rawBody: '{"name":"\\ud83d\\ude00 and 😀"}',
      token: admin,
    });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('😀 and 😀');
  });

  it('checks the inflated bytes of a gzip body too', async () => {
    const response = await fetch(`${herald.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(`{"email":${nested(5000)}}`),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/32 levels deep/);
  });

  it('refuses a JSON body that is not UTF-8 with a 415', async () => {
    const response = await fetch(`${herald.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-16le' },
      body: Buffer.from('{"email":"a@b.test","password":"x"}', 'utf16le'),
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toEqual({
      statusCode: 415,
      error: 'Unsupported Media Type',
      message: 'The request body must be UTF-8 JSON; charset=utf-16le is not accepted',
    });
  });

  it('answers schemas that would need a fetch with a 422 and the reason (issue 15 item 3)', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        { $schema: 'http://127.0.0.1:9/nope' },
        /\$schema "http:\/\/127\.0\.0\.1:9\/nope" is not a dialect Herald knows/,
      ],
      [{ $ref: 'http://127.0.0.1:9/remote.json' }, /refers to another document/],
      [{ properties: { a: { $ref: 'other.json#/a' } } }, /refers to another document/],
    ];
    for (const [schema, reason] of cases) {
      const response = await herald.http.post(
        '/api/events/types',
        { type: `repro.schema${cases.findIndex(([s]) => s === schema)}`, description: 'x', schema },
        admin,
      );
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ statusCode: 422, message: 'schema is not a valid JSON Schema' });
      expect(response.body.details[0].message).toMatch(reason);
    }
  });

  it('answers what Node cannot parse (headers over 16 KiB, garbage) with docs/API.md body, not a bare status line', async () => {
    const { port } = new URL(herald.baseUrl);
    const oversized = await new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/health', headers: { 'x-big': 'a'.repeat(20_000) } },
        (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(oversized.status).toBe(431);
    expect(oversized.type).toMatch(/^application\/json/);
    expect(JSON.parse(oversized.body)).toEqual({
      statusCode: 431,
      error: 'Request Header Fields Too Large',
      message: 'The request headers are larger than Herald accepts (16 KiB in all)',
    });

    const garbage = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => socket.write('NOT HTTP AT ALL\r\n\r\n'));
      let answer = '';
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
    expect(garbage).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(garbage.split('\r\n\r\n')[1])).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The request is not valid HTTP/1.1',
    });
  });
});
