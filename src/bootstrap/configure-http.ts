import { INestApplication, NotFoundException, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { GlobalExceptionFilter } from '../common/errors/global-exception.filter';
import { answerClientError, jsonBodyParserOptions, urlGuard } from '../common/input-guard';
import { heraldValidationPipe } from '../common/validation/validation-pipe';
import { setupOpenApi } from './openapi';

const WORKER_PATHS = new Set(['/health', '/health/ready', '/metrics']);

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
  if (config.role === 'worker') {
    // A worker's modules are the same as the API's (they share services), but it must not serve the API:
    // a load balancer that sends it traffic by mistake gets a plain answer instead of a second API.
    app.use((req: Request, res: Response, next: NextFunction) => {
      if (WORKER_PATHS.has(req.path)) return next();
      errors.send(
        res,
        new NotFoundException(
          'This is a delivery worker (HERALD_ROLE=worker): it serves /health, /health/ready and /metrics only',
        ),
      );
    });
  }
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
  setupOpenApi(app, config);
  return app;
}
