export type HeraldRole = 'all' | 'api' | 'worker';

/** The typed, validated configuration. Built once by `loadConfig`; nothing else reads `process.env`. */
export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  role: HeraldRole;
  logLevel: string;
  /** `LOG_FORMAT`; unset means pretty when stdout is a terminal in development, JSON otherwise. */
  logFormat?: 'json' | 'pretty';
  /** How long start-up keeps retrying an unreachable PostgreSQL or Redis before it exits. */
  startupTimeoutMs: number;
  bodyLimit: string;
  /** How deep objects and arrays may nest in a JSON body (BODY_MAX_DEPTH). */
  bodyMaxDepth: number;
  version: string;
  database: {
    url: string;
    /** How long a request waits for PostgreSQL (a connection, or a query's answer) before it is a 503. */
    timeoutMs: number;
  };
  redis: { url: string; keyPrefix: string };
  auth: {
    jwtSecret: string;
    jwtExpiresInSeconds: number;
    allowRegistration: boolean;
    loginRateLimitPerMinute: number;
    admin?: { email: string; password: string };
  };
  secrets: { encryptionKey: Buffer };
  webhooks: {
    allowHttp: boolean;
    allowPrivateTargets: boolean;
    perUserLimit: number;
    secretRotationOverlapSeconds: number;
    disableAfterFailures: number;
  };
  delivery: {
    timeoutMs: number;
    /** Seconds to wait before each attempt: index 0 is the first attempt (usually 0). */
    retryScheduleSeconds: number[];
    /** Concurrent attempts per worker process. */
    concurrency: number;
    /** Concurrent attempts per webhook across every worker (isolation). */
    maxInFlightPerWebhook: number;
    sweepIntervalMs: number;
    /** Timeouts/network errors in a row that open a webhook's circuit. */
    circuitThreshold: number;
    /** How long an open circuit first waits before a probe; doubled on each re-open, up to 64×. */
    circuitCooldownMs: number;
  };
  events: { retentionDays: number };
  /** The origin browsers reach Herald at (for portal links); unset: the origin each request came to. */
  publicUrl?: string;
  sse: { heartbeatMs: number; replayLimit: number; maxConnectionsPerUser: number; maxBufferedEvents: number };
}

/** Injection token for the `AppConfig` object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
