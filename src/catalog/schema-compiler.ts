import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './event-type.entity';

export interface DataError {
  path: string;
  message: string;
}

/**
 * A fresh Ajv per schema: schemas written by admins may carry `$id`s, and a shared instance would refuse
 * to compile a second schema with the same id (e.g. after a type is deleted and created again).
 */
function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

/** `data.items_synced must be integer`-style entries, with the JSON pointer of the offending value. */
export function toDataErrors(errors: ErrorObject[] | null | undefined): DataError[] {
  return (errors ?? []).map((error) => {
    const missing =
      error.keyword === 'required' ? `/${(error.params as { missingProperty: string }).missingProperty}` : '';
    const path = `${error.instancePath}${missing}` || '/';
    const where = error.instancePath ? `data${error.instancePath.replace(/\//g, '.')}` : 'data';
    return { path, message: `${where} ${error.message ?? 'is invalid'}` };
  });
}

/**
 * Compiles `schema`, or returns why it is not a usable JSON Schema (meta-schema errors, or a compile
 * failure such as an unresolvable `$ref`).
 */
export function compileSchema(
  schema: JsonSchema,
): { ok: true; validate: ValidateFunction } | { ok: false; errors: DataError[] } {
  const ajv = newAjv();
  if (!ajv.validateSchema(schema)) {
    const errors = (ajv.errors ?? []).map((error) => ({
      path: error.instancePath || '/',
      message: `schema${error.instancePath.replace(/\//g, '.')} ${error.message ?? 'is invalid'}`,
    }));
    return { ok: false, errors };
  }
  try {
    return { ok: true, validate: ajv.compile(schema) };
  } catch (error) {
    return {
      ok: false,
      errors: [{ path: '/', message: `schema cannot be compiled: ${(error as Error).message}` }],
    };
  }
}
