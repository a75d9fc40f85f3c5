import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ThrottlerModule } from '@nestjs/throttler';
import Redis from 'ioredis';
import { REDIS, RedisKeys } from '../redis/redis.module';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { ApiKeyEntity } from './api-keys/entities/api-key.entity';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { PortalCredentialsModule } from './portal-credentials/portal-credentials.module';
import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { BearerAuthService } from './bearer-auth.service';
import { CallerCache } from './caller-cache';
import { FirstAdmin } from './first-admin';
import { AuthenticationGuard } from './guards/authentication.guard';
import { RolesGuard } from './guards/roles.guard';
import { RedisThrottlerStorage } from './login-throttler.storage';
import { UsersController } from './users.controller';

@Module({
  imports: [
    UsersModule,
    PortalCredentialsModule,
    TypeOrmModule.forFeature([ApiKeyEntity]),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        // A KeyObject built once: given a string, jsonwebtoken first tries (and fails) to parse it as a
        // public key on every verify, which was the largest single cost of an authenticated request.
        const key = createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8'));
        return {
          secretOrKeyProvider: () => key,
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        };
      },
    }),
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
  providers: [
    AuthService,
    ApiKeysRepository,
    ApiKeysService,
    BearerAuthService,
    CallerCache,
    FirstAdmin,
    { provide: APP_GUARD, useClass: AuthenticationGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
  ],
  exports: [BearerAuthService],
})
export class AuthModule {}
