import type { Request } from 'express';

/**
 * Where a browser reaches the portal: PUBLIC_URL when it is set, else the origin the request came to
 * (behind a proxy on loopback, its X-Forwarded-Proto and -Host). Set PUBLIC_URL when the platform's backend
 * calls Herald on an address its users' browsers cannot reach (an internal host name).
 */
export function portalUrlOf(req: Pick<Request, 'protocol' | 'get'>, publicUrl?: string): string {
  return `${publicUrl ?? `${req.protocol}://${req.get('host')}`}/portal/`;
}
