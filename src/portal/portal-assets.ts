import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import express, { Express, NextFunction, Request, Response, Router } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const PORTAL_PATH = '/portal';

// web/dist sits at the repository root: two levels up from src/portal, three from dist/src/portal.
const BUILD_DIR = [
  join(__dirname, '..', '..', 'web', 'dist'),
  join(__dirname, '..', '..', '..', 'web', 'dist'),
].find((dir) => existsSync(join(dir, 'index.html')));

// Everything the page loads comes from Herald itself (no CDN, works offline); nothing inline is allowed.
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
    "object-src 'none'; base-uri 'none'; form-action 'self'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/**
 * Serves the built portal (web/dist) at /portal: hashed assets with a long cache, and index.html for every
 * other address below /portal, so that a bookmarked page such as /portal/webhooks/wh_… loads on reload.
 * Mounted on Express before Nest's not-found handler (module init runs before it is registered).
 */
@Injectable()
export class PortalAssets implements OnModuleInit {
  private readonly logger = new Logger(PortalAssets.name);

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const app = this.adapterHost.httpAdapter.getInstance<Express>();
    if (!BUILD_DIR) this.logger.warn('The portal is not built (web/dist is missing): run `npm run build`');
    app.use(PORTAL_PATH, BUILD_DIR ? portalRouter(BUILD_DIR) : notBuilt);
  }
}

function portalRouter(dir: string): Router {
  const router = Router();
  router.use((_req: Request, res: Response, next: NextFunction) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    next();
  });
  // Vite puts a content hash in every asset's name: a new build has new names, so caching forever is safe.
  router.use(
    '/assets',
    express.static(join(dir, 'assets'), { immutable: true, maxAge: '1y', fallthrough: false }),
  );
  router.use(express.static(dir, { index: false }));
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(dir, 'index.html'));
  });
  // A missing asset is a plain 404, not the page (a stale tab asking for an old bundle must not get HTML).
  router.use((error: { status?: number }, _req: Request, res: Response, next: NextFunction) => {
    if (error.status !== 404) return next(error);
    res.status(404).json({ statusCode: 404, error: 'Not Found', message: 'No such portal asset' });
  });
  return router;
}

function notBuilt(_req: Request, res: Response): void {
  res.status(404).json({
    statusCode: 404,
    error: 'Not Found',
    message: 'The portal is not built: run `npm run build` (npm start does it)',
  });
}
