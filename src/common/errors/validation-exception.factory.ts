import { ValidationError } from '@nestjs/common';
import { badRequest } from './http-errors';
import { FieldError } from './error-body';

/** Flattens class-validator errors (nested ones too) into one `{field, message}` entry per problem. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

/** The ValidationPipe's `exceptionFactory`: a 400 whose message sums up and whose details list every field. */
export function validationExceptionFactory(errors: ValidationError[]) {
  const details = flattenValidationErrors(errors);
  const message = details.map((d) => d.message).join('; ') || 'The request is invalid';
  return badRequest(message, details);
}
