import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DatabaseWatch } from './database-watch';
import { TimeoutSafeClient } from './timeout-safe-client';
import { typeormOptions } from './typeorm-options';

/** The server's own limit, a little under the client's, so that it is usually the one that acts. */
const serverTimeout = (clientMs: number) => Math.max(50, Math.floor(clientMs * 0.9));

/** PostgreSQL through TypeORM. Pending migrations are applied before it starts (runMigrations, in createApp). */
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
          // a 503 like any other outage. A server that answers but is slow cancels the statement itself a
          // little earlier (statement and lock timeouts), so the transaction rolls back cleanly; a connection
          // whose answer never came is dropped (TimeoutSafeClient), and a session left idle in a transaction
          // is ended by the server. Migrations run before, on a connection without these limits.
          extra: {
            ...options.extra,
            Client: TimeoutSafeClient,
            connectionTimeoutMillis: config.database.timeoutMs,
            query_timeout: config.database.timeoutMs,
            statement_timeout: serverTimeout(config.database.timeoutMs),
            lock_timeout: serverTimeout(config.database.timeoutMs),
            idle_in_transaction_session_timeout: config.database.timeoutMs * 4,
          },
          autoLoadEntities: true,
          logging: ['error', 'warn'], // migrations run before, in runMigrations (createApp)
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
