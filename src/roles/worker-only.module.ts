import { MiddlewareConsumer, Module, NestModule, NotFoundException, RequestMethod } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const WORKER_PATHS = new Set(['/health', '/health/ready', '/metrics']);

/**
 * A worker mounts no API route; this answers everything but its own paths with a 404 that names the role,
 * so that a load balancer sending it traffic by mistake is found out at once, not after a generic 404.
 */
function workerOnly(req: Request, _res: Response, next: NextFunction): void {
  if (WORKER_PATHS.has(req.path)) return next();
  next(
    new NotFoundException(
      'This is a delivery worker (HERALD_ROLE=worker): it serves /health, /health/ready and /metrics only',
    ),
  );
}

@Module({})
export class WorkerOnlyModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(workerOnly).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
