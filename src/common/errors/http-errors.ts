import { HttpException, HttpStatus } from '@nestjs/common';
import { FieldError } from './error-body';

/**
 * A 4xx with docs/API.md's body. `details` lists what was wrong (e.g. one entry per field), so that
 * clients can show each problem where it belongs.
 */
export class HeraldHttpError extends HttpException {
  constructor(
    status: HttpStatus,
    message: string,
    details?: unknown[],
    /** Sent as `Retry-After` (seconds) by the exception filter: on 429 and 503. */
    readonly retryAfterSeconds?: number,
  ) {
    super({ message, details }, status);
  }
}

export const badRequest = (message: string, details?: FieldError[]) =>
  new HeraldHttpError(HttpStatus.BAD_REQUEST, message, details);
export const unprocessable = (message: string, details?: unknown[]) =>
  new HeraldHttpError(HttpStatus.UNPROCESSABLE_ENTITY, message, details);
export const notFound = (what: string) => new HeraldHttpError(HttpStatus.NOT_FOUND, `${what} not found`);
export const conflict = (message: string) => new HeraldHttpError(HttpStatus.CONFLICT, message);
/** A 503 with `Retry-After`: Herald cannot serve this right now, and a retry later should work. */
export const serviceUnavailable = (message: string, retryAfterSeconds: number, details?: unknown[]) =>
  new HeraldHttpError(HttpStatus.SERVICE_UNAVAILABLE, message, details, retryAfterSeconds);
