import { startTestApp, TestApp, testEnv } from './support/test-app';

describe('webhook URL guard with private targets and http refused (e2e)', () => {
  let herald: TestApp;
  let token: string;

  beforeAll(async () => {
    herald = await startTestApp(
      testEnv({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false', WEBHOOK_ALLOW_HTTP: 'false' }),
    );
    token = (await herald.http.newUser()).token;
  });
  afterAll(() => herald.close());

  const register = (url: string) =>
    herald.http.post('/api/webhooks', { url, events: ['sync.completed'] }, token);

  it.each([
    'https://127.0.0.1/hook',
    'https://2130706433/hook',
    'https://0177.0.0.1/hook',
    'https://0x7f.1/hook',
    'https://127.1/hook',
    'https://[::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[::ffff:7f00:1]/hook',
    'https://localhost/hook',
    'https://localhost./hook',
    'https://api.localhost/hook',
    'https://10.0.0.5/hook',
    'https://172.16.3.4/hook',
    'https://192.168.1.1/hook',
    'https://100.64.0.1/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://[fd00:ec2::254]/latest/meta-data/',
    'https://[fe80::1]/hook',
    'https://[fc00::1]/hook',
    'https://0.0.0.0/hook',
    'https://[::]/hook',
    'https://224.0.0.1/hook',
    'https://[64:ff9b::a9fe:a9fe]/hook',
    'https://[2002:a00:1::1]/hook',
  ])('refuses %s with 422 and a reason', async (url) => {
    const response = await register(url);
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({ statusCode: 422, error: 'Unprocessable Entity' });
    expect(response.body.message).toMatch(
      /^url host .* (address|loopback name), which webhooks may not target$/,
    );
    expect(response.body.details).toEqual([{ field: 'url', message: response.body.message }]);
  });

  it('refuses plain http with 400', async () => {
    const response = await register('http://hooks.example.com/hook');
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('url must use https://');
  });

  it('accepts a public https URL, and a public name even when it does not resolve here', async () => {
    const byName = await register('https://example.com/hook');
    expect(byName.status).toBe(201);
    const byIp = await register('https://93.184.216.34/hook');
    expect(byIp.status).toBe(201);
    const unpublished = await register('https://not-yet-published.herald-test.invalid/hook');
    expect(unpublished.status).toBe(201);
  });

  it('applies the same check when the URL is changed', async () => {
    const { body: hook } = await register('https://example.org/hook');
    const patched = await herald.http.patch(
      `/api/webhooks/${hook.id}`,
      { url: 'https://[::ffff:10.0.0.1]/x' },
      token,
    );
    expect(patched.status).toBe(422);
    expect(patched.body.message).toMatch(/IPv4-mapped/);
    expect((await herald.http.get(`/api/webhooks/${hook.id}`, token)).body.url).toBe(
      'https://example.org/hook',
    );
  });
});
