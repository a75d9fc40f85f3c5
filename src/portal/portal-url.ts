import type { Request } from 'express';

/** Where the browser reaches the portal: the origin the request came to (behind a loopback proxy, its X-Forwarded-*). */
export function portalUrlOf(req: Request): string {
  return `${req.protocol}://${req.get('host')}/portal/`;
}
