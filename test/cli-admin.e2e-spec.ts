import { spawnTs } from './support/herald-process';
import { startTestApp, testEnv } from './support/test-app';

describe('npx herald admin create (e2e)', () => {
  it('creates an admin who can then sign in, and makes an existing user admin', async () => {
    const env = testEnv({ ADMIN_EMAIL: '', ADMIN_PASSWORD: '' });
    const created = spawnTs(
      'src/cli/herald.ts',
      ['admin', 'create', '--email', 'ops@herald.test', '--password', 'long-password-1'],
      env,
    );
    expect((await created.exited).code).toBe(0);
    expect(created.output()).toMatch(/^created admin ops@herald\.test \(usr_\w+\)$/m);

    const herald = await startTestApp(env);
    try {
      const token = await herald.http.login('ops@herald.test', 'long-password-1');
      expect((await herald.http.get('/api/users/me', token)).body.role).toBe('admin');

      const user = await herald.http.newUser();
      const promoted = spawnTs(
        'src/cli/herald.ts',
        ['admin', 'create', '--email', user.email, '--password', 'whatever-1'],
        env,
      );
      expect((await promoted.exited).code).toBe(0);
      expect(promoted.output()).toContain(`${user.email} (${user.id}) is now an admin`);
    } finally {
      await herald.close();
    }
  }, 120_000);

  it('refuses a short password before touching anything', async () => {
    const refused = spawnTs(
      'src/cli/herald.ts',
      ['admin', 'create', '--email', 'a@b.co', '--password', 'short'],
      {},
    );
    expect((await refused.exited).code).not.toBe(0);
    expect(refused.output()).toContain('at least 8 characters');
  }, 60_000);
});
