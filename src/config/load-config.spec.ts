import { ConfigError, loadConfig } from './load-config';

describe('loadConfig', () => {
  it('gives docs/API.md defaults in development, with warnings for the built-in secrets', () => {
    const warnings: string[] = [];
    const config = loadConfig({}, (w) => warnings.push(w));
    expect(config).toMatchObject({
      env: 'development',
      port: 3000,
      role: 'all',
      startupTimeoutMs: 30000,
      database: { url: 'postgres://postgres@127.0.0.1:5432/herald' },
      redis: { url: 'redis://127.0.0.1:6379/0' },
      auth: { jwtExpiresInSeconds: 3600, allowRegistration: true },
      webhooks: {
        perUserLimit: 5,
        secretRotationOverlapSeconds: 86400,
        disableAfterFailures: 15,
        allowHttp: false,
      },
      delivery: { timeoutMs: 30000, retryScheduleSeconds: [0, 60, 300, 1800, 7200] },
      events: { retentionDays: 30 },
      sse: { heartbeatMs: 15000, replayLimit: 1000, maxConnectionsPerUser: 10, maxBufferedEvents: 1000 },
    });
    expect(config.secrets.encryptionKey).toHaveLength(32);
    expect(warnings).toEqual([
      'JWT_SECRET is not set: using a development secret',
      'SECRETS_ENCRYPTION_KEY is not set: using a development key',
    ]);
  });

  it('takes an empty LOG_FORMAT (as in .env.example) as unset', () => {
    expect(loadConfig({ LOG_FORMAT: '' }).logFormat).toBeUndefined();
    expect(loadConfig({ LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it('parses typed values', () => {
    const config = loadConfig({
      PORT: '8080',
      ALLOW_REGISTRATION: 'false',
      JWT_EXPIRES_IN: '15m',
      WEBHOOK_SECRET_ROTATION_OVERLAP: '2h',
      DELIVERY_RETRY_SCHEDULE: '0, 1,2.5',
      HERALD_ROLE: 'worker',
    });
    expect(config.port).toBe(8080);
    expect(config.auth.allowRegistration).toBe(false);
    expect(config.auth.jwtExpiresInSeconds).toBe(900);
    expect(config.webhooks.secretRotationOverlapSeconds).toBe(7200);
    expect(config.delivery.retryScheduleSeconds).toEqual([0, 1, 2.5]);
    expect(config.role).toBe('worker');
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ HERALD_ROLE: 'both' }, 'HERALD_ROLE'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ STARTUP_TIMEOUT_MS: '-1' }, 'STARTUP_TIMEOUT_MS'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ DELIVERY_RETRY_SCHEDULE: '0,soon' }, 'DELIVERY_RETRY_SCHEDULE'],
    [{ SECRETS_ENCRYPTION_KEY: 'abc' }, 'SECRETS_ENCRYPTION_KEY'],
    [{ WEBHOOK_ALLOW_HTTP: 'maybe' }, 'WEBHOOK_ALLOW_HTTP'],
    [{ ADMIN_EMAIL: 'a@b.co' }, 'ADMIN_EMAIL and ADMIN_PASSWORD'],
  ])('refuses %j with one line naming the variable', (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (error) {
      expect((error as Error).message).toContain(name);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('has no secret defaults in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      'JWT_SECRET is required when NODE_ENV=production',
    );
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(32) })).toThrow(
      /SECRETS_ENCRYPTION_KEY is required/,
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(32),
      SECRETS_ENCRYPTION_KEY: 'ab'.repeat(32),
    });
    expect(config.secrets.encryptionKey.toString('hex')).toBe('ab'.repeat(32));
  });
});
