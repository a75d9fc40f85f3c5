import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

/** Turns "true"/"false"/"1"/"0" into booleans; anything else is left as it is for the validator to refuse. */
const toBoolean = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const text = String(value).toLowerCase();
  if (['true', '1', 'yes'].includes(text)) return true;
  if (['false', '0', 'no'].includes(text)) return false;
  return value;
};
const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const emptyAsMissing = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

const DURATION = /^\d+(ms|s|m|h|d)?$/;
const SCHEDULE = /^\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*$/;

/**
 * Every environment variable Herald reads, as the process receives it (strings).
 * `loadConfig` validates this once at start-up and turns it into the typed `AppConfig`.
 */
export class EnvDto {
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT?: number;
  @IsOptional() @IsIn(['all', 'api', 'worker']) HERALD_ROLE?: string;
  @IsOptional() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL?: string;
  @IsOptional() @Transform(emptyAsMissing) @IsIn(['json', 'pretty']) LOG_FORMAT?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) STARTUP_TIMEOUT_MS?: number;
  @IsOptional()
  @Matches(/^\d+(b|kb|mb)?$/i, { message: 'BODY_LIMIT must look like 1mb, 512kb or 1048576' })
  BODY_LIMIT?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(2) @Max(1000) BODY_MAX_DEPTH?: number;
  @IsOptional()
  @Transform(emptyAsMissing)
  @Matches(/^https?:\/\/[^/?#\s]+\/?$/, {
    message: 'PUBLIC_URL must be the origin browsers reach Herald at, like https://herald.example.com',
  })
  PUBLIC_URL?: string;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) DATABASE_TIMEOUT_MS?: number;
  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL?: string;
  @IsOptional()
  @Matches(/^[A-Za-z0-9_:.-]{1,64}$/, { message: 'REDIS_KEY_PREFIX may hold letters, digits and _:.- only' })
  REDIS_KEY_PREFIX?: string;

  @IsOptional()
  @Transform(emptyAsMissing)
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;
  @IsOptional()
  @Matches(DURATION, { message: 'JWT_EXPIRES_IN must be a duration such as 3600, 15m, 1h or 7d' })
  JWT_EXPIRES_IN?: string;
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;
  @IsOptional()
  @Transform(emptyAsMissing)
  @IsString()
  @MinLength(8, { message: 'ADMIN_PASSWORD must be at least 8 characters' })
  ADMIN_PASSWORD?: string;
  @IsOptional() @Transform(toBoolean) @IsBoolean() ALLOW_REGISTRATION?: boolean;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) LOGIN_RATE_LIMIT?: number;
  @IsOptional()
  @Transform(emptyAsMissing)
  @Matches(/^[0-9a-fA-F]{64}$/, { message: 'SECRETS_ENCRYPTION_KEY must be 64 hex characters (32 bytes)' })
  SECRETS_ENCRYPTION_KEY?: string;

  @IsOptional() @Transform(toBoolean) @IsBoolean() WEBHOOK_ALLOW_HTTP?: boolean;
  @IsOptional() @Transform(toBoolean) @IsBoolean() WEBHOOK_ALLOW_PRIVATE_TARGETS?: boolean;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) WEBHOOKS_PER_USER_LIMIT?: number;
  @IsOptional()
  @Matches(DURATION, {
    message: 'WEBHOOK_SECRET_ROTATION_OVERLAP must be a duration such as 86400, 30m or 24h',
  })
  WEBHOOK_SECRET_ROTATION_OVERLAP?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) WEBHOOK_DISABLE_AFTER?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) DELIVERY_TIMEOUT_MS?: number;
  @IsOptional()
  @Matches(SCHEDULE, { message: 'DELIVERY_RETRY_SCHEDULE must be comma-separated seconds, e.g. 0,60,300' })
  DELIVERY_RETRY_SCHEDULE?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) DELIVERY_CONCURRENCY?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) DELIVERY_MAX_IN_FLIGHT_PER_WEBHOOK?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) DELIVERY_SWEEP_INTERVAL_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) DELIVERY_CIRCUIT_THRESHOLD?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(100) DELIVERY_CIRCUIT_COOLDOWN_MS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(1) EVENT_RETENTION_DAYS?: number;

  @IsOptional() @Transform(toInt) @IsInt() @Min(100) SSE_HEARTBEAT_MS?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) SSE_REPLAY_LIMIT?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) SSE_MAX_CONNECTIONS_PER_USER?: number;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) SSE_MAX_BUFFERED_EVENTS?: number;
}
