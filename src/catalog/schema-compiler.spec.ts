import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { compileSchema, SCHEMA_MAX_BYTES } from './schema-compiler';

const reasons = (schema: Record<string, unknown>) => {
  const compiled = compileSchema(schema);
  return compiled.ok ? null : compiled.errors.map((error) => error.message).join('\n');
};

describe('compileSchema: offline only, bounded', () => {
  it('compiles draft-07 schemas, with or without $schema', () => {
    expect(reasons({ type: 'object', properties: { a: { type: 'integer' } } })).toBeNull();
    expect(reasons({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'string' })).toBeNull();
    expect(reasons({ $schema: 'http://json-schema.org/draft-07/schema', type: 'string' })).toBeNull();
  });

  it.each(['http://127.0.0.1:9/nope', 'https://json-schema.org/draft/2020-12/schema', 5, null])(
    'refuses the unknown $schema %p with the reason',
    (dialect) => {
      expect(reasons({ $schema: dialect })).toMatch(
        /^schema\.\$schema .* is not a dialect Herald knows; leave it out or use "http:\/\/json-schema\.org\/draft-07\/schema#"/,
      );
    },
  );

  it.each(['http://127.0.0.1:9/x.json', 'https://example.com/s.json#/definitions/a', 'other.json#/a'])(
    'refuses the $ref %s to another document',
    (ref) => {
      expect(reasons({ properties: { a: { $ref: ref } } })).toMatch(
        /\$ref ".*" refers to another document, and Herald compiles schemas offline without fetching any/,
      );
    },
  );

  it('resolves references inside the schema, by pointer and by $id', () => {
    expect(
      reasons({ definitions: { id: { type: 'string' } }, properties: { a: { $ref: '#/definitions/id' } } }),
    ).toBeNull();
    expect(
      reasons({
        $id: 'http://herald.test/root.json',
        definitions: { item: { $id: 'item.json', type: 'string' } },
        properties: { a: { $ref: 'item.json' } },
      }),
    ).toBeNull();
    expect(reasons({ $ref: '#/definitions/missing' })).toMatch(/points at nothing in this schema/);
  });

  it('turns whatever else Ajv throws into a reason', () => {
    expect(reasons({ definitions: { a: { $id: 'x' }, b: { $id: 'x' } } })).toMatch(
      /^schema cannot be compiled: .*more than one schema/,
    );
  });

  it(`refuses a schema over ${SCHEMA_MAX_BYTES} bytes before compiling it`, () => {
    const properties = Object.fromEntries(
      Array.from({ length: 1000 }, (_, i) => [`field_${i}`, { type: 'string', format: 'email' }]),
    );
    expect(reasons({ type: 'object', properties })).toMatch(/^schema is \d+ bytes of JSON; at most 32768/);
  });

  it('never opens a connection, whatever the schema names', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.end('{"type":"string"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(reasons({ $schema: `${base}/meta` })).not.toBeNull();
      expect(reasons({ $ref: `${base}/remote.json` })).not.toBeNull();
      expect(reasons({ properties: { a: { $ref: `${base}/remote.json#/a` } } })).not.toBeNull();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(requests).toBe(0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
