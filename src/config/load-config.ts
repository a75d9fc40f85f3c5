import { randomBytes, createHash } from 'node:crypto';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig, HeraldRole } from './app-config';
import { parseDurationSeconds } from './duration';
import { EnvDto } from './env.dto';
import { version } from '../../package.json';

/** Thrown when the environment is unusable; `main.ts` prints its message as one line and exits. */
export class ConfigError extends Error {}

const DEV_JWT_SECRET = 'herald-development-jwt-secret-do-not-use-in-production';

/**
 * Validates the environment once and returns the typed configuration.
 * `warn` receives the development-only fallbacks that are in use (e.g. a built-in JWT secret).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  warn: (message: string) => void = () => undefined,
): AppConfig {
  const dto = plainToInstance(EnvDto, env, { excludeExtraneousValues: false });
  const errors = validateSync(dto, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    const first = errors[0];
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new ConfigError(`Invalid configuration: ${first.property}: ${reason}`);
  }

  const nodeEnv = (dto.NODE_ENV ?? 'development') as AppConfig['env'];
  const production = nodeEnv === 'production';

  const jwtSecret = dto.JWT_SECRET ?? (production ? undefined : DEV_JWT_SECRET);
  if (!jwtSecret)
    throw new ConfigError('Invalid configuration: JWT_SECRET is required when NODE_ENV=production');
  if (!dto.JWT_SECRET && nodeEnv === 'development') warn('JWT_SECRET is not set: using a development secret');

  let encryptionKey: Buffer;
  if (dto.SECRETS_ENCRYPTION_KEY) {
    encryptionKey = Buffer.from(dto.SECRETS_ENCRYPTION_KEY, 'hex');
  } else if (production) {
    throw new ConfigError(
      'Invalid configuration: SECRETS_ENCRYPTION_KEY is required when NODE_ENV=production (64 hex characters, e.g. `openssl rand -hex 32`)',
    );
  } else {
    // Derived, not random, so that a development database stays readable across restarts.
    encryptionKey = createHash('sha256').update('herald-development-secrets-key').digest();
    if (nodeEnv === 'development') warn('SECRETS_ENCRYPTION_KEY is not set: using a development key');
  }

  if ((dto.ADMIN_EMAIL === undefined) !== (dto.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError('Invalid configuration: ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
  }

  const schedule = (dto.DELIVERY_RETRY_SCHEDULE ?? '0,60,300,1800,7200')
    .split(',')
    .map((s) => Number(s.trim()));

  return {
    env: nodeEnv,
    port: dto.PORT ?? 3000,
    role: (dto.HERALD_ROLE ?? 'all') as HeraldRole,
    logLevel: dto.LOG_LEVEL ?? (nodeEnv === 'test' ? 'silent' : 'info'),
    logFormat: dto.LOG_FORMAT as AppConfig['logFormat'],
    startupTimeoutMs: dto.STARTUP_TIMEOUT_MS ?? 30_000,
    bodyLimit: dto.BODY_LIMIT ?? '1mb',
    bodyMaxDepth: dto.BODY_MAX_DEPTH ?? 64,
    version,
    database: {
      url: dto.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/herald',
      timeoutMs: dto.DATABASE_TIMEOUT_MS ?? 15_000,
    },
    redis: { url: dto.REDIS_URL ?? 'redis://127.0.0.1:6379/0', keyPrefix: dto.REDIS_KEY_PREFIX ?? 'herald' },
    auth: {
      jwtSecret,
      jwtExpiresInSeconds: parseDurationSeconds(dto.JWT_EXPIRES_IN ?? '1h'),
      allowRegistration: dto.ALLOW_REGISTRATION ?? true,
      loginRateLimitPerMinute: dto.LOGIN_RATE_LIMIT ?? 10,
      admin:
        dto.ADMIN_EMAIL && dto.ADMIN_PASSWORD
          ? { email: dto.ADMIN_EMAIL, password: dto.ADMIN_PASSWORD }
          : undefined,
    },
    secrets: { encryptionKey },
    webhooks: {
      allowHttp: dto.WEBHOOK_ALLOW_HTTP ?? false,
      allowPrivateTargets: dto.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? false,
      perUserLimit: dto.WEBHOOKS_PER_USER_LIMIT ?? 5,
      secretRotationOverlapSeconds: parseDurationSeconds(dto.WEBHOOK_SECRET_ROTATION_OVERLAP ?? '24h'),
      disableAfterFailures: dto.WEBHOOK_DISABLE_AFTER ?? 15,
    },
    delivery: {
      timeoutMs: dto.DELIVERY_TIMEOUT_MS ?? 30_000,
      retryScheduleSeconds: schedule,
      concurrency: dto.DELIVERY_CONCURRENCY ?? 50,
      maxInFlightPerWebhook: dto.DELIVERY_MAX_IN_FLIGHT_PER_WEBHOOK ?? 10,
      sweepIntervalMs: dto.DELIVERY_SWEEP_INTERVAL_MS ?? 30_000,
      circuitThreshold: dto.DELIVERY_CIRCUIT_THRESHOLD ?? 5,
      circuitCooldownMs: dto.DELIVERY_CIRCUIT_COOLDOWN_MS ?? 30_000,
    },
    publicUrl: dto.PUBLIC_URL?.replace(/\/$/, ''),
    events: { retentionDays: dto.EVENT_RETENTION_DAYS ?? 30 },
    sse: {
      heartbeatMs: dto.SSE_HEARTBEAT_MS ?? 15_000,
      replayLimit: dto.SSE_REPLAY_LIMIT ?? 1000,
      maxConnectionsPerUser: dto.SSE_MAX_CONNECTIONS_PER_USER ?? 10,
      maxBufferedEvents: dto.SSE_MAX_BUFFERED_EVENTS ?? 1000,
    },
  };
}

/** A random key in the format SECRETS_ENCRYPTION_KEY expects; used by tests and the README. */
export const newEncryptionKeyHex = () => randomBytes(32).toString('hex');
