import type { NextFunction, Request, Response } from 'express';
import { jsonBodyViolation } from './json-body-guard';
import { NUL_IN_URL, urlHasNul } from './url-guard';

/** The shape Express' body parser gives its own errors, so one error handler answers them all alike. */
const refusal = (status: number, message: string, type: string) =>
  Object.assign(new Error(message), { status, type, expose: true });

/**
 * Options for the JSON body parser: the size limit, and a `verify` hook that sees the raw (already
 * inflated) bytes before they are parsed. This is the one place input is checked for every route, so no
 * controller or validator ever meets a body that is too deep, holds a lone surrogate or a NUL.
 */
export function jsonBodyParserOptions(limit: string, maxDepth: number) {
  return {
    limit,
    verify: (_req: unknown, _res: unknown, raw: Buffer, encoding: string) => {
      // RFC 8259 §8.1: JSON between systems is UTF-8. The byte scan below relies on it.
      if (!/^utf-?8$/i.test(encoding))
        throw refusal(
          415,
          `The request body must be UTF-8 JSON; charset=${encoding} is not accepted`,
          'input.charset',
        );
      const violation = jsonBodyViolation(raw, maxDepth);
      if (violation) throw refusal(400, violation, 'input.refused');
    },
  };
}

/** Refuses a `%00` in the path or query before routing; answered by the same error handler as the body. */
export function urlGuard(req: Request, _res: Response, next: NextFunction): void {
  next(urlHasNul(req.originalUrl) ? refusal(400, NUL_IN_URL, 'input.refused') : undefined);
}
