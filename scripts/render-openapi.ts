import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../src/app.module';
import { configureHttp } from '../src/bootstrap/configure-http';
import { buildOpenApiDocument } from '../src/bootstrap/openapi';
import { loadConfig } from '../src/config/load-config';

/**
 * The OpenAPI document as JSON text. Nest's preview mode builds the module graph without creating any
 * provider, so no database or Redis is touched: the spec depends on the code only. The version is fixed
 * so that a release does not make the committed file stale.
 */
export async function renderOpenApi(): Promise<string> {
  const config = { ...loadConfig({ NODE_ENV: 'test', HERALD_ROLE: 'all' }), version: 'current' };
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    preview: true,
    logger: false,
    bodyParser: false,
  });
  configureHttp(app, config);
  const document = buildOpenApiDocument(app, config);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}
