import { Random } from './random';
import { Value } from './json-text';

export interface SchemaObject {
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: SchemaObject;
  properties?: Record<string, SchemaObject>;
  required?: string[];
  $ref?: string;
  allOf?: SchemaObject[];
  example?: unknown;
}

/** A value that would pass for the property, so that the one malformed field is what the server meets. */
export function plausibleValue(name: string, schema: SchemaObject, random: Random): Value {
  if (schema.example !== undefined) return schema.example as Value;
  if (schema.enum?.length) return random.pick(schema.enum) as Value;
  if (name === 'email') return `fuzz-${random.int(0, 1e9)}@herald.test`;
  if (name === 'password') return 'password-123';
  if (name === 'url') return 'https://example.com/hooks';
  if (name === 'events' || name === 'types') return ['sync.completed'];
  if (name === 'type') return random.pick(['sync.completed', 'fuzz.thing']);
  if (name === 'since') return new Date(Date.now() - 60_000).toISOString();
  switch (schema.type) {
    case 'integer':
    case 'number':
      return random.int(1, 10);
    case 'boolean':
      return random.chance(0.5);
    case 'array':
      return [plausibleValue(name, schema.items ?? { type: 'string' }, random)];
    case 'object':
      return {};
    default:
      return schema.format === 'date-time' ? new Date().toISOString() : `fuzz-${random.int(0, 999)}`;
  }
}
