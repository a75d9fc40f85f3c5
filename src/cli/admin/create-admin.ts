import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { backingServices, waitForServices } from '../../bootstrap/startup/wait-for-services';
import { HeraldConfigModule } from '../../config/config.module';
import { loadConfig } from '../../config/load-config';
import { DatabaseModule } from '../../database/database.module';
import { runMigrations } from '../../database/run-migrations';
import { ensureDatabase } from '../../database/ensure-database';
import { UsersModule } from '../../users/users.module';
import { UsersService } from '../../users/users.service';

/**
 * `herald admin create` / `npm run admin:create`: creates an admin, or makes an existing user admin (the
 * password is then left as it is). Uses DATABASE_URL like the service, and waits for it the same way.
 * Resolves with the line to print.
 */
export async function createAdmin(
  email: string,
  password: string,
  env: Record<string, string | undefined>,
  say: (line: string) => void,
): Promise<string> {
  const config = loadConfig(env);
  const postgres = backingServices(config).filter((service) => service.variable === 'DATABASE_URL');
  await waitForServices(postgres, { timeoutMs: config.startupTimeoutMs, say });
  if (config.env !== 'production') await ensureDatabase(config.database.url);

  // UsersService announces role changes on the in-process bus (caches of this process listen); the CLI has
  // no listener, and servers pick the change up when their short-lived caches expire.
  @Module({
    imports: [HeraldConfigModule.forRoot(config), EventEmitterModule.forRoot(), DatabaseModule, UsersModule],
  })
  class CreateAdminModule {}

  await runMigrations(config.database.url);
  const app = await NestFactory.createApplicationContext(CreateAdminModule, { logger: ['error'] });
  try {
    const users = app.get(UsersService);
    const existing = await users.findByEmail(email);
    if (existing) {
      await users.updateRole(existing.id, 'admin');
      return `${existing.email} (${existing.id}) is now an admin`;
    }
    const user = await users.create(email, password, 'admin');
    return `created admin ${user.email} (${user.id})`;
  } finally {
    await app.close();
  }
}
