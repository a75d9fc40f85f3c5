import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ModuleMetadata } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import Redis from 'ioredis';
import { Client } from 'pg';
import { createApp } from '../../src/bootstrap/create-app';
import { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { HttpClient } from './http-client';

export const PG_SERVER = process.env.TEST_PG_SERVER ?? 'postgres://postgres@127.0.0.1:5432';
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
export const ADMIN = { email: 'admin@herald.test', password: 'admin-password-1' };

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  baseUrl: string;
  http: HttpClient;
  /** The database and Redis prefix of this instance, to start a sibling instance on the same state. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Settings every test instance shares; each test overrides what it is about. */
export function testEnv(overrides: Record<string, string> = {}): Record<string, string> {
  const suffix = `${process.pid}_${randomBytes(4).toString('hex')}`;
  return {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: `${PG_SERVER}/herald_test_${suffix}`,
    REDIS_URL,
    REDIS_KEY_PREFIX: `herald_test_${suffix}`,
    JWT_SECRET: 'test-jwt-secret-that-is-long-enough-0123456789',
    SECRETS_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    WEBHOOK_ALLOW_HTTP: 'true',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    DELIVERY_RETRY_SCHEDULE: '0,1,2',
    DELIVERY_TIMEOUT_MS: '3000',
    ...overrides,
  };
}

/**
 * Starts a real Herald on an ephemeral port with its own database and Redis prefix.
 * Pass `env` of another TestApp (plus overrides) to start a second instance on the same state;
 * only the instance that created the state (`owner`, the default) drops it on close.
 */
export async function startTestApp(
  env: Record<string, string> = testEnv(),
  options: { owner?: boolean; imports?: ModuleMetadata['imports'] } = {},
): Promise<TestApp> {
  const config = loadConfig(env);
  const app = await createApp(config, options.imports);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  const owner = options.owner ?? true;
  return {
    app,
    config,
    baseUrl,
    env,
    http: new HttpClient(baseUrl),
    close: async () => {
      await app.close();
      if (owner) await dropTestState(env);
    },
  };
}

/** Removes the database and Redis keys a test instance made. */
export async function dropTestState(env: Record<string, string>): Promise<void> {
  const name = new URL(env.DATABASE_URL).pathname.slice(1);
  const pg = new Client({ connectionString: `${PG_SERVER}/postgres` });
  await pg.connect();
  try {
    await pg.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await pg.end();
  }
  const redis = new Redis(env.REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${env.REDIS_KEY_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
