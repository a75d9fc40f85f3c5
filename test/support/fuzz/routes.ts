import type { SchemaObject } from './plausible-values';

export interface FuzzRoute {
  method: string;
  /** With `{param}` placeholders, as in the spec. */
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** The request body's properties, when it takes one. */
  body?: { properties: Record<string, SchemaObject>; required: string[] };
}

interface Spec {
  paths: Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: any }>>;
  components?: { schemas?: Record<string, SchemaObject> };
}

/** Follows `$ref`s and merges `allOf`, enough for the DTOs Nest's swagger plugin writes. */
function resolve(schema: SchemaObject | undefined, spec: Spec): SchemaObject {
  if (!schema) return {};
  if (schema.$ref) return resolve(spec.components?.schemas?.[schema.$ref.split('/').pop()!], spec);
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => resolve(part, spec));
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})),
      required: parts.flatMap((part) => part.required ?? []),
    };
  }
  return schema;
}

/** Every operation in Herald's own OpenAPI document: the fuzzer covers whatever the API grows into. */
export function routesOf(spec: Spec): FuzzRoute[] {
  const routes: FuzzRoute[] = [];
  for (const [path, operations] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const parameters = operation.parameters ?? [];
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema as
        SchemaObject | undefined;
      const resolved = bodySchema ? resolve(bodySchema, spec) : undefined;
      routes.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        body: resolved
          ? {
              properties: Object.fromEntries(
                Object.entries(resolved.properties ?? {}).map(([name, schema]) => [
                  name,
                  resolve(schema, spec),
                ]),
              ),
              required: resolved.required ?? [],
            }
          : undefined,
      });
    }
  }
  return routes;
}
