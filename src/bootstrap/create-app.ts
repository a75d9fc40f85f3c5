import { ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from '../app.module';
import { AppConfig } from '../config/app-config';
import { ensureDatabase } from '../database/ensure-database';
import { runMigrations } from '../database/run-migrations';
import { configureHttp } from './configure-http';

/** Builds the application for a configuration: the database is created if missing, migrations run first. */
export async function createApp(
  config: AppConfig,
  hostImports: ModuleMetadata['imports'] = [],
): Promise<NestExpressApplication> {
  if (config.env !== 'production') await ensureDatabase(config.database.url);
  await runMigrations(config.database.url);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, hostImports), {
    bufferLogs: true,
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));
  configureHttp(app, config);
  return app;
}
