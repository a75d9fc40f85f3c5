import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { REDIS, RedisKeys } from '../redis/redis.module';
import { UsersModule } from '../users/users.module';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { AuthController } from './auth.controller';
import { AuthModule } from './auth.module';
import { RedisThrottlerStorage } from './login-throttler.storage';
import { UsersController } from './users.controller';

/** /api/auth (with its login throttle), /api/api-keys and /api/users: mounted by the roles that serve the API. */
@Module({
  imports: [
    AuthModule,
    UsersModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS, RedisKeys],
      useFactory: (config: AppConfig, redis: Redis, keys: RedisKeys) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: config.auth.loginRateLimitPerMinute }],
        storage: new RedisThrottlerStorage(redis, keys),
        // Per client address and account: one attacker cannot lock everybody out, nor try one account from afar forever.
        getTracker: (req: { ip?: string; body?: { email?: unknown } }) =>
          `${req.ip}:${String(req.body?.email ?? '').toLowerCase()}`,
        errorMessage: 'Too many attempts; wait a minute (see Retry-After) and try again',
      }),
    }),
  ],
  controllers: [AuthController, ApiKeysController, UsersController],
})
export class AuthHttpModule {}
