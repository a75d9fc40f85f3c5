import { Module } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UsersModule } from '../users/users.module';
import { ApiKeyEntity } from './api-keys/entities/api-key.entity';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { PortalCredentialsModule } from './portal-credentials/portal-credentials.module';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AuthService } from './auth.service';
import { BearerAuthService } from './bearer-auth.service';
import { CallerCache } from './caller-cache';
import { FirstAdmin } from './first-admin';
import { AuthenticationGuard } from './guards/authentication.guard';
import { RolesGuard } from './guards/roles.guard';

/**
 * Who is calling: JWTs, API keys, portal credentials, and the global guards every route passes. Its routes
 * (/api/auth, /api/api-keys, /api/users) are AuthHttpModule.
 */
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
  ],
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
  exports: [BearerAuthService, AuthService, ApiKeysService],
})
export class AuthModule {}
