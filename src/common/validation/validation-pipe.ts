import { ArgumentMetadata, Type, ValidationPipe } from '@nestjs/common';
import { validationExceptionFactory } from '../errors/validation-exception.factory';

/**
 * The one ValidationPipe: unknown fields are refused, bodies become class instances, and failures are a 400
 * with one `details` entry per field. HTTP uses it globally; in-process entry points (EventPublisher) run
 * their input through the same pipe so both paths accept and refuse exactly the same things.
 */
export const heraldValidationPipe = () =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: validationExceptionFactory,
  });

const pipe = heraldValidationPipe();

/** Validates `plain` as an instance of `type` (what the global pipe does to a request body), or throws its 400. */
export async function validateInput<T extends object>(type: Type<T>, plain: unknown): Promise<T> {
  const metadata: ArgumentMetadata = { type: 'body', metatype: type };
  return (await pipe.transform(plain, metadata)) as T;
}
