import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';
import { newId } from '../ids';
import { ErrorBody } from './error-body';
import { HeraldHttpError } from './http-errors';
import { UNAVAILABLE_RETRY_AFTER_SECONDS, unavailableDependency } from './unavailable';

/** Errors thrown by Express' body parser and similar middleware carry their status and a `type`. */
interface MiddlewareError {
  status?: number;
  statusCode?: number;
  type?: string;
  expose?: boolean;
  message?: string;
}

const MIDDLEWARE_MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'The request body is not valid JSON',
  'entity.too.large': 'The request body is larger than the limit',
  'encoding.unsupported': 'The request body encoding is not supported',
  'charset.unsupported': 'The request body charset is not supported',
  'request.aborted': 'The request was aborted',
};

/**
 * Writes every error as docs/API.md's body (§1). 4xx keep their message; PostgreSQL or Redis being
 * unreachable is a 503 with `Retry-After` (wherever it surfaces: a guard, a service, a repository); anything
 * else unexpected becomes a 500 with an error id that is logged together with the stack, which the client
 * never sees.
 */
@Catch()
export class GlobalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    this.send(host.switchToHttp().getResponse<Response>(), exception);
  }

  /** Answers `exception` on `response`; also used by the middleware that runs before Nest's routing. */
  send(response: Response, exception: unknown): void {
    const body = this.toBody(exception);
    if (response.headersSent) {
      // A stream (SSE) that fails after its first byte cannot change its status any more.
      response.end();
      return;
    }
    const retryAfter = this.retryAfterSeconds(exception, body);
    if (retryAfter !== undefined) response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (exception instanceof HttpException) return this.fromHttpException(exception);

    const dependency = unavailableDependency(exception);
    if (dependency) {
      this.logger.warn(`${dependency} is unavailable: ${(exception as Error).message}`);
      return {
        statusCode: 503,
        error: 'Service Unavailable',
        message: `${dependency} is unavailable right now, so this request was not carried out; retry in ${UNAVAILABLE_RETRY_AFTER_SECONDS} s (Retry-After)`,
      };
    }

    const middleware = exception as MiddlewareError;
    const status = middleware?.status ?? middleware?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500 && middleware.expose !== false) {
      const message = MIDDLEWARE_MESSAGES[middleware.type ?? ''] ?? middleware.message ?? 'Bad request';
      return { statusCode: status, error: STATUS_CODES[status] ?? 'Error', message };
    }

    const errorId = newId('err');
    this.logger.error({ err: exception, error_id: errorId }, `Unhandled error ${errorId}`);
    return {
      statusCode: 500,
      error: 'Internal Server Error',
      message: `Something went wrong on our side; quote error id ${errorId} to the operator`,
      error_id: errorId,
    };
  }

  private retryAfterSeconds(exception: unknown, body: ErrorBody): number | undefined {
    if (exception instanceof HeraldHttpError && exception.retryAfterSeconds !== undefined)
      return exception.retryAfterSeconds;
    return body.statusCode === 503 ? UNAVAILABLE_RETRY_AFTER_SECONDS : undefined;
  }

  private fromHttpException(exception: HttpException): ErrorBody {
    const statusCode = exception.getStatus();
    const error = STATUS_CODES[statusCode] ?? 'Error';
    const response = exception.getResponse();
    if (typeof response === 'string') return { statusCode, error, message: response };

    const { message, details } = response as { message?: unknown; details?: unknown[] };
    const body: ErrorBody = { statusCode, error, message: this.messageText(message, exception, statusCode) };
    if (Array.isArray(details) && details.length > 0) body.details = details;
    if (statusCode >= 500) new Logger('HttpError').error({ err: exception }, body.message);
    return body;
  }

  private messageText(message: unknown, exception: HttpException, statusCode: number): string {
    if (typeof message === 'string') return message;
    if (Array.isArray(message)) return message.join('; ');
    return exception.message || (STATUS_CODES[statusCode] ?? 'Error');
  }
}
