import * as argon2 from 'argon2';
import { Client } from 'pg';
import { startTestApp, TestApp, testEnv } from './support/test-app';

describe('auth and users (e2e)', () => {
  let herald: TestApp;

  beforeAll(async () => {
    herald = await startTestApp(testEnv({ LOGIN_RATE_LIMIT: '5' }));
  });
  afterAll(() => herald.close());

  it('registers, logs in and reads /api/users/me', async () => {
    const email = 'Ada.Lovelace@herald.test';
    const registered = await herald.http.post('/api/auth/register', { email, password: 'analytical-engine' });
    expect(registered.status).toBe(201);
    expect(registered.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      user: { email, role: 'user' },
    });
    expect(registered.body.user.id).toMatch(/^usr_[0-9A-Z]{26}$/);

    const token = await herald.http.login('ada.lovelace@herald.test', 'analytical-engine');
    const me = await herald.http.get('/api/users/me', token);
    expect(me.status).toBe(200);
    expect(Object.keys(me.body).sort()).toEqual(['created_at', 'email', 'id', 'role']);
    expect(me.text).not.toMatch(/argon2|password/);
  });

  it('hashes with one lane (19 MiB, 2 passes) and moves an older hash to it at the next good login', async () => {
    const db = new Client({ connectionString: herald.env.DATABASE_URL });
    await db.connect();
    try {
      const hashOf = async (id: string): Promise<string> =>
        (await db.query('SELECT password_hash FROM users WHERE id = $1', [id])).rows[0].password_hash;
      const user = await herald.http.newUser();
      expect(await hashOf(user.id)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);

      // An account made before the change: the library's default (64 MiB, 3 passes, 4 lanes).
      const older = await argon2.hash(user.password, { type: argon2.argon2id });
      expect(older).toMatch(/\$m=65536,t=3,p=4\$/);
      await db.query('UPDATE users SET password_hash = $2 WHERE id = $1', [user.id, older]);
      const wrong = await herald.http.post('/api/auth/login', { email: user.email, password: 'not-it-1234' });
      expect(wrong.status).toBe(401);
      expect(await hashOf(user.id)).toBe(older);

      await herald.http.login(user.email, user.password);
      expect(await hashOf(user.id)).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      await herald.http.login(user.email, user.password);
    } finally {
      await db.end();
    }
  });

  it('refuses a duplicate email with 409, in any letter case', async () => {
    const user = await herald.http.newUser();
    const again = await herald.http.post('/api/auth/register', {
      email: user.email.toUpperCase(),
      password: 'another-password',
    });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'A user with this email already exists',
    });
  });

  it('answers 401 with one message for an unknown email and a wrong password', async () => {
    const user = await herald.http.newUser();
    const wrongPassword = await herald.http.post('/api/auth/login', {
      email: user.email,
      password: 'not-the-password',
    });
    const unknown = await herald.http.post('/api/auth/login', {
      email: 'nobody@herald.test',
      password: 'whatever-123',
    });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrongPassword.body).toEqual(unknown.body);
    expect(wrongPassword.body.message).toBe('Invalid email or password');
  });

  it('validates input in docs/API.md error body', async () => {
    const short = await herald.http.post('/api/auth/register', { email: 'x@herald.test', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.details).toEqual([
      { field: 'password', message: 'password must be at least 8 characters' },
    ]);

    const unknownField = await herald.http.post('/api/auth/register', {
      email: 'y@herald.test',
      password: 'long-enough',
      admin: true,
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toMatchObject({
      statusCode: 400,
      error: 'Bad Request',
      message: 'property admin should not exist',
    });

    const malformed = await herald.http.request('POST', '/api/auth/login', { rawBody: '{"email": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The request body is not valid JSON',
    });
  });

  it('refuses NUL characters and out-of-range pages with a 400, never a 500', async () => {
    const admin = await herald.http.adminToken();
    const inBody = await herald.http.request('POST', '/api/api-keys', {
      rawBody: '{"name":"nul\\u0000byte"}',
      token: admin,
    });
    expect(inBody.status).toBe(400);
    expect(inBody.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'The request body contains a NUL character (\\u0000), which Herald does not accept',
    });
    // An escaped backslash followed by the letters u0000 is ordinary text.
    const lookalike = await herald.http.request('POST', '/api/api-keys', {
      rawBody: '{"name":"a\\\\u0000"}',
      token: admin,
    });
    expect(lookalike.status).toBe(201);
    expect(lookalike.body.name).toBe('a\\u0000');

    for (const path of ['/api/users/usr_%00', '/api/events?type=%00', '/api/api-keys/key_%00']) {
      const inUrl = await herald.http.request(path.includes('?') ? 'GET' : 'DELETE', path, { token: admin });
      expect({ path, status: inUrl.status, message: inUrl.body.message }).toEqual({
        path,
        status: 400,
        message: 'The URL contains a NUL character (%00), which Herald does not accept',
      });
    }

    for (const page of ['99999999999999999999', '1e20', '1000001']) {
      const huge = await herald.http.get(`/api/users?page=${page}`, admin);
      expect({ page, status: huge.status, message: huge.body.message }).toEqual({
        page,
        status: 400,
        message: 'page must be between 1 and 1000000',
      });
    }
    expect((await herald.http.get('/api/users?page=1000000', admin)).body.data).toEqual([]);
  });

  it('answers 413 for a body over the limit and 404 for an unknown route, as JSON', async () => {
    const big = await herald.http.request('POST', '/api/auth/login', {
      rawBody: JSON.stringify({ email: 'a'.repeat(1_100_000) }),
    });
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large' });

    const missing = await herald.http.get('/api/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });

  it('needs a bearer token, and a role for admin routes', async () => {
    expect((await herald.http.get('/api/users/me')).status).toBe(401);
    expect((await herald.http.get('/api/users/me', 'not-a-token')).status).toBe(401);
    const user = await herald.http.newUser();
    const forbidden = await herald.http.get('/api/users', user.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error).toBe('Forbidden');

    const admin = await herald.http.adminToken();
    const list = await herald.http.get('/api/users?limit=2', admin);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ page: 1, limit: 2 });
    expect(list.body.total).toBeGreaterThanOrEqual(2);
    expect(list.text).not.toMatch(/password/);
    expect((await herald.http.get('/api/users?limit=101', admin)).status).toBe(400);
  });

  it('lets an admin change roles and delete users', async () => {
    const admin = await herald.http.adminToken();
    const user = await herald.http.newUser();
    const badRole = await herald.http.patch(`/api/users/${user.id}`, { role: 'owner' }, admin);
    expect(badRole.status).toBe(400);
    const promoted = await herald.http.patch(`/api/users/${user.id}`, { role: 'publisher' }, admin);
    expect(promoted.body.role).toBe('publisher');
    expect((await herald.http.get('/api/users/me', user.token)).body.role).toBe('publisher');

    expect((await herald.http.delete(`/api/users/${user.id}`, admin)).status).toBe(204);
    expect((await herald.http.get('/api/users/me', user.token)).status).toBe(401);
    expect((await herald.http.delete(`/api/users/${user.id}`, admin)).status).toBe(404);
  });

  it('issues API keys that work as bearer tokens until deleted', async () => {
    const user = await herald.http.newUser();
    const created = await herald.http.post(
      '/api/api-keys',
      { name: 'ci', scopes: ['events:publish'] },
      user.token,
    );
    expect(created.status).toBe(201);
    expect(created.body.key).toMatch(/^hrld_/);
    expect(created.body.key.startsWith(created.body.prefix)).toBe(true);

    const viaKey = await herald.http.get('/api/users/me', created.body.key);
    expect(viaKey.status).toBe(200);
    expect(viaKey.body.id).toBe(user.id);

    const listed = await herald.http.get('/api/api-keys', user.token);
    expect(listed.body.total).toBe(1);
    expect(listed.body.data[0]).not.toHaveProperty('key');
    expect(listed.text).not.toContain(created.body.key);
    expect(listed.body.data[0].last_used_at).not.toBeNull();

    const other = await herald.http.newUser();
    expect((await herald.http.delete(`/api/api-keys/${created.body.id}`, other.token)).status).toBe(404);
    expect((await herald.http.delete(`/api/api-keys/${created.body.id}`, user.token)).status).toBe(204);
    expect((await herald.http.get('/api/users/me', created.body.key)).status).toBe(401);
  });

  it('rate-limits login attempts per account with 429 and Retry-After', async () => {
    const user = await herald.http.newUser();
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await herald.http.post('/api/auth/login', { email: user.email, password: 'wrong-password' });
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last!.body.statusCode).toBe(429);
  });
});
