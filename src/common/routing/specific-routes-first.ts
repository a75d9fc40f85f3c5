import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** What Express keeps for each `app.use` (no `route`) and each `app.get(path, …)` (a `route`). */
interface RouterLayer {
  route?: { path: unknown };
}

/** How specific a path segment is: a literal before a parameter before a wildcard. */
function segmentRank(segment: string): number {
  if (segment.startsWith('*') || segment.startsWith('{')) return 2;
  if (segment.includes(':')) return 1;
  return 0;
}

function compareSpecificity(a: string, b: string): number {
  const left = a.split('/').map(segmentRank);
  const right = b.split('/').map(segmentRank);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i] - right[i];
  }
  return left.length - right.length;
}

/**
 * Reorders the route layers of an Express router so that, where two routes can match the same path, the
 * one with a literal segment comes before the one with a parameter there (`/api/events/types` and
 * `/api/events/stream` before `/api/events/:id`), the way Fastify's router always decides. Nest registers
 * routes module by module in import order; this makes that order irrelevant. Middleware layers keep their
 * places and routes of equal specificity their relative order (the sort is stable).
 */
export function orderRoutesBySpecificity(stack: RouterLayer[]): void {
  const slots = stack.flatMap((layer, index) => (typeof layer.route?.path === 'string' ? [index] : []));
  const routes = slots
    .map((index) => stack[index])
    .sort((a, b) => compareSpecificity(a.route!.path as string, b.route!.path as string));
  slots.forEach((slot, i) => (stack[slot] = routes[i]));
}

/** Applies `orderRoutesBySpecificity` once every module's routes are registered (before the server listens). */
@Injectable()
export class SpecificRoutesFirst implements OnApplicationBootstrap {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onApplicationBootstrap(): void {
    // No HTTP adapter in an application context (the admin CLI): nothing to order.
    const instance = this.adapterHost.httpAdapter?.getInstance?.() as
      { router?: { stack?: RouterLayer[] } } | undefined;
    const stack = instance?.router?.stack;
    if (Array.isArray(stack)) orderRoutesBySpecificity(stack);
  }
}
