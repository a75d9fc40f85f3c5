import type { Browser, Request } from 'playwright-core';
import { launchBrowser, newPortalPage } from './support/browser';
import { startTestApp, TestApp } from './support/test-app';
import { waitFor } from './support/wait-for';

const SESSION_KEY = 'herald.portal.session';

// Docs/API.md §10, embedding: an admin's one-time link signs a browser in as one user, once, until expires_at;
// Sign out ends the session on the server; nothing long-lived is ever in a URL.
// A browser flow waits on real deliveries and retries: on a loaded machine it needs more than the default.
jest.setTimeout(120_000);

describe('portal embedding (POST /api/portal/sessions)', () => {
  let app: TestApp;
  let browser: Browser;
  let adminToken: string;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startTestApp(), launchBrowser()]);
    adminToken = await app.http.adminToken();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  const createSession = (body: unknown, token = adminToken) =>
    app.http.post('/api/portal/sessions', body, token);

  it('is for admins, validates its body and answers 404 for an unknown user, in the API error body', async () => {
    const user = await app.http.newUser();
    expect((await app.http.post('/api/portal/sessions', { user_id: user.id })).status).toBe(401);
    const forbidden = await createSession({ user_id: user.id }, user.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });

    for (const body of [
      {},
      { user_id: 42 },
      { user_id: user.id, expires_in: 0 },
      { user_id: user.id, expires_in: 3601 },
      { user_id: user.id, expires_in: 1.5 },
      { user_id: user.id, expires_in: '60' },
      { user_id: user.id, role: 'admin' },
    ]) {
      const refused = await createSession(body);
      expect({ body, status: refused.status }).toEqual({ body, status: 400 });
      expect(refused.body).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.any(String),
      });
    }
    const unknown = await createSession({ user_id: 'usr_01NOSUCHUSER000000000000000' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, message: 'User not found' });

    const created = await createSession({ user_id: user.id });
    expect(created.status).toBe(201);
    const lifetime = (Date.parse(created.body.expires_at) - Date.now()) / 1000;
    expect(lifetime).toBeGreaterThan(290);
    expect(lifetime).toBeLessThanOrEqual(300);
    expect(created.body.url).toMatch(new RegExp(`^${app.baseUrl}/portal/#code=[A-Za-z0-9_-]{43}$`));
    const longest = await createSession({ user_id: user.id, expires_in: 3600 });
    expect(Date.parse(longest.body.expires_at) - Date.now()).toBeGreaterThan(3590_000);

    const spec = (await app.http.get('/api/docs-json')).body;
    const operation = spec.paths['/api/portal/sessions'].post;
    expect(Object.keys(operation.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '404']),
    );
  });

  it('signs a browser in as that user once: the code leaves the address, never reaches the server, and a second opening does not sign in', async () => {
    const user = await app.http.newUser();
    await app.http.post(
      '/api/webhooks',
      { url: 'http://127.0.0.1:9/embedded', events: ['*'], name: 'Embedded hook' },
      user.token,
    );
    const { url } = (await createSession({ user_id: user.id })).body;
    const code = new URL(url).hash.slice('#code='.length);

    const first = await newPortalPage(browser, app.baseUrl);
    const requested: string[] = [];
    first.page.on('request', (request: Request) =>
      requested.push(`${request.url()} ${request.postData() ?? ''}`),
    );
    await first.page.goto(url);
    await first.page.getByRole('link', { name: 'Embedded hook' }).waitFor();
    expect(first.page.url()).toBe(`${app.baseUrl}/portal/webhooks`);
    await first.page.getByRole('banner').getByText(user.email).waitFor();
    // The code went out once, in the body of the exchange, and in no address (the fragment is never sent).
    expect(requested.filter((line) => line.includes(code))).toEqual([
      expect.stringMatching(/\/api\/portal\/sessions\/exchange \{"code":/),
    ]);
    // Nor in the history: one step back is the blank tab it was opened in, one forward the page without it.
    await first.page.goBack();
    expect(first.page.url()).toBe('about:blank');
    await first.page.goForward();
    await first.page.getByRole('link', { name: 'Embedded hook' }).waitFor();
    expect(first.page.url()).toBe(`${app.baseUrl}/portal/webhooks`);
    const stored = JSON.parse(
      (await first.page.evaluate<string>(`sessionStorage.getItem('${SESSION_KEY}')`)) ?? '{}',
    );
    expect(stored.token).toMatch(/^hrlp_/);
    expect((await app.http.get('/api/users/me', stored.token)).body).toMatchObject({
      id: user.id,
      email: user.email,
    });

    // Replayed from the history or a log: the code is spent.
    const second = await newPortalPage(browser, app.baseUrl);
    await second.page.goto(url);
    await second.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    expect(await second.page.getByRole('alert').innerText()).toContain('already used or has expired');
    expect(await second.page.evaluate<string | null>(`sessionStorage.getItem('${SESSION_KEY}')`)).toBeNull();
    expect((await app.http.post('/api/portal/sessions/exchange', { code })).status).toBe(401);

    // Sign out ends the session on the server: the token is refused from then on.
    await first.page.getByRole('button', { name: 'Sign out' }).click();
    await first.page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    const after = await app.http.get('/api/users/me', stored.token);
    expect(after.status).toBe(401);
    expect(after.body.message).toContain('portal session has ended');
    await first.context.close();
    await second.context.close();
  });

  it('ends at expires_at: the token stops working and the page returns to Sign in', async () => {
    const user = await app.http.newUser();
    const { url } = (await createSession({ user_id: user.id, expires_in: 3 })).body;
    const { context, page } = await newPortalPage(browser, app.baseUrl);
    await page.goto(url);
    await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
    const stored = JSON.parse(
      (await page.evaluate<string>(`sessionStorage.getItem('${SESSION_KEY}')`)) ?? '{}',
    );
    expect((await app.http.get('/api/users/me', stored.token)).status).toBe(200);
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor({ timeout: 10_000 });
    expect(await page.getByRole('alert').innerText()).toContain('session has ended');
    await waitFor(
      async () => (await app.http.get('/api/users/me', stored.token)).status === 401,
      5_000,
      'the token to be refused',
    );
    await context.close();
  });

  it('refuses an unknown, malformed or missing code with the API error body', async () => {
    const unknown = await app.http.post('/api/portal/sessions/exchange', { code: 'x'.repeat(43) });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toMatchObject({
      statusCode: 401,
      message: expect.stringContaining('already used or has expired'),
    });
    expect((await app.http.post('/api/portal/sessions/exchange', {})).status).toBe(400);
    expect((await app.http.post('/api/portal/sessions/exchange', { code: 7 })).status).toBe(400);
    expect((await app.http.get('/api/users/me', 'hrlp_not-a-session')).status).toBe(401);
  });
});
