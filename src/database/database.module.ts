import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DatabaseWatch } from './database-watch';
import { typeormOptions } from './typeorm-options';

/** PostgreSQL through TypeORM. Pending migrations are applied when the application starts. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const options = typeormOptions(config.database.url);
        return {
          ...options,
          // A PostgreSQL that hangs (frozen, partitioned) must not hang the requests with it: waiting for a
          // connection and for a query's answer each give up after DATABASE_TIMEOUT_MS, and the request is
          // a 503 like any other outage. The migration CLI (`npm run migration:run`) has no such limit.
          extra: {
            ...options.extra,
            connectionTimeoutMillis: config.database.timeoutMs,
            query_timeout: config.database.timeoutMs,
          },
          autoLoadEntities: true,
          migrationsRun: true,
          logging: ['error', 'warn', 'migration'],
          // main.ts has already waited for PostgreSQL (STARTUP_TIMEOUT_MS); Nest's own retries would print a
          // stack trace per attempt. A failure now goes to main.ts, which prints it as one line.
          toRetry: () => false,
          // An idle connection the server dropped is replaced by the pool; DatabaseWatch reports an outage once.
          poolErrorHandler: () => undefined,
        };
      },
    }),
  ],
  providers: [DatabaseWatch],
})
export class DatabaseModule {}
