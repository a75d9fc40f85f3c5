import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { config as loadDotenv } from 'dotenv';
import { parseArgs } from 'node:util';
import { HeraldConfigModule } from '../config/config.module';
import { ConfigError, loadConfig } from '../config/load-config';
import { DatabaseModule } from '../database/database.module';
import { ensureDatabase } from '../database/ensure-database';
import { UsersModule } from '../users/users.module';
import { UsersService } from '../users/users.service';

/**
 * `npm run admin:create -- --email ops@example.com --password '…'`: creates an admin, or makes an
 * existing user admin (the password is then left as it is). Uses DATABASE_URL like the service.
 */
async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' } } });
  if (!values.email || !values.password || values.password.length < 8) {
    console.error('usage: npm run admin:create -- --email <email> --password <at least 8 characters>');
    process.exit(2);
  }
  const config = loadConfig(process.env);
  await ensureDatabase(config.database.url);

  @Module({
    imports: [HeraldConfigModule.forRoot(config), DatabaseModule, UsersModule],
  })
  class CreateAdminModule {}

  const app = await NestFactory.createApplicationContext(CreateAdminModule, { logger: ['error'] });
  try {
    const users = app.get(UsersService);
    const existing = await users.findByEmail(values.email);
    if (existing) {
      await users.updateRole(existing.id, 'admin');
      console.log(`${existing.email} (${existing.id}) is now an admin`);
    } else {
      const user = await users.create(values.email, values.password, 'admin');
      console.log(`created admin ${user.email} (${user.id})`);
    }
  } finally {
    await app.close();
  }
}

main().catch((error) => {
  console.error(`herald: ${error instanceof ConfigError ? error.message : (error as Error).message}`);
  process.exit(1);
});
