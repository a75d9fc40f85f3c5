import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import { ErrorBody } from '../errors/error-body';

const WHEN: Record<number, string> = {
  400: 'The request is malformed or a field is invalid',
  401: 'Missing or invalid credentials',
  403: 'Your role may not do this',
  404: 'Not found (or not yours)',
  409: 'Conflicts with what exists',
  413: 'The body is over the size limit',
  422: 'Well-formed but refused (e.g. unknown event type, schema mismatch)',
  429: 'Too many requests; see Retry-After',
};

/** Documents docs/API.md's error body for each listed status. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: WHEN[status] ?? STATUS_CODES[status], type: ErrorBody }),
    ),
  );
}

/** An authenticated route: bearer auth plus the 401 (and 403 when a role is required) it can answer. */
export function ApiAuthenticated(...extraStatuses: number[]) {
  return applyDecorators(ApiBearerAuth(), ApiErrors(401, ...extraStatuses));
}
