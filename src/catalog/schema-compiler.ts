import Ajv, { ErrorObject, MissingRefError, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './entities/event-type.entity';

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
 * The largest schema accepted, as JSON. Ajv compiles synchronously, on the event loop, in time roughly
 * linear in the schema's size: a flat 32 KiB schema took 0.4–1 s on the loaded shared development machine
 * (a 120 KB one 1.4 s), once per instance. Payload schemas are a few kilobytes.
 */
export const SCHEMA_MAX_BYTES = 32 * 1024;

/** The dialects Ajv knows without fetching anything: draft-07, its default meta-schema. */
const KNOWN_DIALECTS = ['http://json-schema.org/draft-07/schema#', 'http://json-schema.org/draft-07/schema'];

type Compiled = { ok: true; validate: ValidateFunction } | { ok: false; errors: DataError[] };
const refused = (path: string, message: string): Compiled => ({ ok: false, errors: [{ path, message }] });

/** Why `$schema` cannot be honoured offline, or null. Ajv only reads it at the root. */
function dialectProblem(schema: JsonSchema): string | null {
  if (!('$schema' in schema)) return null;
  const dialect = schema.$schema;
  if (typeof dialect === 'string' && KNOWN_DIALECTS.includes(dialect)) return null;
  return (
    `schema.$schema ${JSON.stringify(dialect)} is not a dialect Herald knows; leave it out or use ` +
    `"${KNOWN_DIALECTS[0]}" (schemas are compiled offline: no meta-schema is ever fetched)`
  );
}

/** A `$ref` that points outside the schema is named as such: Ajv is never given a way to fetch it. */
function missingRefMessage(error: MissingRefError): string {
  if (error.missingRef.startsWith('#'))
    return `schema cannot be compiled: $ref "${error.missingRef}" points at nothing in this schema`;
  return (
    `schema cannot be compiled: $ref "${error.missingRef}" refers to another document, and Herald compiles ` +
    `schemas offline without fetching any; put the definition under "definitions" and use "#/definitions/…"`
  );
}

/**
 * Compiles `schema` offline, or returns why it is not usable: too large, an unknown `$schema`, meta-schema
 * errors, or a compile failure such as a `$ref` to another document. Whatever Ajv throws is an answer for
 * the admin (a 422), never a 500. No loader is configured, so nothing can make Ajv fetch.
 */
export function compileSchema(schema: JsonSchema): Compiled {
  const size = Buffer.byteLength(JSON.stringify(schema));
  if (size > SCHEMA_MAX_BYTES)
    return refused('/', `schema is ${size} bytes of JSON; at most ${SCHEMA_MAX_BYTES} are accepted`);
  const dialect = dialectProblem(schema);
  if (dialect) return refused('/$schema', dialect);

  const ajv = newAjv();
  try {
    if (!ajv.validateSchema(schema)) {
      const errors = (ajv.errors ?? []).map((error) => ({
        path: error.instancePath || '/',
        message: `schema${error.instancePath.replace(/\//g, '.')} ${error.message ?? 'is invalid'}`,
      }));
      return { ok: false, errors };
    }
    return { ok: true, validate: ajv.compile(schema) };
  } catch (error) {
    if (error instanceof MissingRefError) return refused('/', missingRefMessage(error));
    return refused('/', `schema cannot be compiled: ${(error as Error).message}`);
  }
}
