import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { GlobalExceptionFilter } from '../common/errors/global-exception.filter';
import { answerClientError, jsonBodyParserOptions, urlGuard } from '../common/input-guard';
import { heraldValidationPipe } from '../common/validation/validation-pipe';
import { setupOpenApi } from './openapi';

/** Everything the HTTP application needs besides its modules; shared by `main.ts` and the e2e tests. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): INestApplication {
  const errors = new GlobalExceptionFilter();
  app.getHttpServer().on('clientError', answerClientError);
  app.use(urlGuard);
  app.useBodyParser('json', jsonBodyParserOptions(config.bodyLimit, config.bodyMaxDepth));
  // Input-guard and body-parser failures (NUL, nesting, malformed JSON, too large) are answered here,
  // with the original error still in hand; past this point Nest would have turned them into a generic 400.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!error) return next();
    errors.send(res, error);
  });
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: 'health/ready', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: 'stream.html', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(heraldValidationPipe());
  app.useGlobalFilters(errors);
  app.enableShutdownHooks();
  // A worker serves no API, so it documents none (see roles/worker-only.module.ts).
  if (config.role !== 'worker') setupOpenApi(app, config);
  return app;
}
