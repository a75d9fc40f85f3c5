import { INestApplication, RequestMethod, ValidationPipe } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { GlobalExceptionFilter } from '../common/errors/global-exception.filter';
import { validationExceptionFactory } from '../common/errors/validation-exception.factory';
import { setupOpenApi } from './openapi';

/** Everything the HTTP application needs besides its modules; shared by `main.ts` and the e2e tests. */
export function configureHttp(app: NestExpressApplication, config: AppConfig): INestApplication {
  const errors = new GlobalExceptionFilter();
  app.useBodyParser('json', { limit: config.bodyLimit });
  // Body-parser failures (malformed JSON, too large) are answered here, with the original error still
  // in hand; past this point Nest would have turned them into a generic 400.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (!error) return next();
    const body = errors.toBody(error);
    res.status(body.statusCode).json(body);
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
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: validationExceptionFactory,
    }),
  );
  app.useGlobalFilters(errors);
  app.enableShutdownHooks();
  setupOpenApi(app, config);
  return app;
}
