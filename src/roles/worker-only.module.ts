import { Injectable, Module, NotFoundException, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Express, NextFunction, Request, Response } from 'express';

/**
 * A worker mounts no API route, so everything but /health, /health/ready and /metrics reaches this
 * handler: a 404 that names the role, so that a load balancer sending it traffic by mistake is found out at
 * once. Mounted on Express at module init, after the routes and before Nest's not-found handler, so it
 * covers every path (a Nest middleware would be scoped to the `api` prefix).
 */
@Injectable()
class WorkerNotFound implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    app.use((_req: Request, _res: Response, next: NextFunction) =>
      next(
        new NotFoundException(
          'This is a delivery worker (HERALD_ROLE=worker): it serves /health, /health/ready and /metrics only',
        ),
      ),
    );
  }
}

@Module({ providers: [WorkerNotFound] })
export class WorkerOnlyModule {}
