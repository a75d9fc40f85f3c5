import { EventCatalogService } from '../src/catalog/event-catalog.service';
import { startTestApp, TestApp, testEnv } from './support/test-app';

describe('event-type catalog (e2e)', () => {
  let herald: TestApp;
  let admin: string;
  let user: string;

  beforeAll(async () => {
    herald = await startTestApp(testEnv());
    admin = await herald.http.adminToken();
    user = (await herald.http.newUser()).token;
  });
  afterAll(() => herald.close());

  it('lists the seeded platform types with their schemas to any user, as a plain array', async () => {
    const response = await herald.http.get('/api/events/types', user);
    expect(response.status).toBe(200);
    expect(Array.isArray(response.body)).toBe(true);
    const types = response.body.map((t: { type: string }) => t.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'extraction.started',
        'extraction.completed',
        'sync.completed',
        'sync.failed',
        'gaps.updated',
        'webhook.test',
        'webhook.disabled',
      ]),
    );
    const sync = response.body.find((t: { type: string }) => t.type === 'sync.completed');
    expect(Object.keys(sync).sort()).toEqual(['description', 'schema', 'type']);
    expect(sync.schema.required).toEqual(['user_id', 'items_synced', 'errors', 'duration_s']);
    expect(sync.schema.properties.items_synced).toMatchObject({ type: 'integer', minimum: 0 });
    expect((await herald.http.get('/api/events/types')).status).toBe(401);
  });

  it('lets an admin add a type that is usable at once, and refuses a duplicate with 409', async () => {
    const schema = {
      type: 'object',
      required: ['invoice_id'],
      properties: { invoice_id: { type: 'string' }, paid_at: { type: 'string', format: 'date-time' } },
    };
    const created = await herald.http.post(
      '/api/events/types',
      { type: 'invoice.paid', description: 'An invoice was paid', schema },
      admin,
    );
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ type: 'invoice.paid', description: 'An invoice was paid', schema });

    const catalog = herald.app.get(EventCatalogService);
    await expect(catalog.exists('invoice.paid')).resolves.toBe(true);
    await expect(catalog.validateData('invoice.paid', { invoice_id: 'inv_1' })).resolves.toEqual({
      ok: true,
    });
    const bad = await catalog.validateData('invoice.paid', { paid_at: 'yesterday' });
    expect(bad).toMatchObject({ ok: false, unknownType: false });
    expect(bad.ok === false && !bad.unknownType && bad.errors).toEqual(
      expect.arrayContaining([
        { path: '/invoice_id', message: "data must have required property 'invoice_id'" },
        { path: '/paid_at', message: 'data.paid_at must match format "date-time"' },
      ]),
    );

    const again = await herald.http.post(
      '/api/events/types',
      { type: 'invoice.paid', description: 'again' },
      admin,
    );
    expect(again.status).toBe(409);
    expect(again.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'Event type invoice.paid already exists',
    });

    const listed = await herald.http.get('/api/events/types', user);
    expect(listed.body).toContainEqual({ type: 'invoice.paid', description: 'An invoice was paid', schema });
  });

  it('accepts a type without a schema (any data)', async () => {
    const created = await herald.http.post(
      '/api/events/types',
      { type: 'free.form', description: 'Anything goes' },
      admin,
    );
    expect(created.status).toBe(201);
    expect(created.body.schema).toBeNull();
    await expect(
      herald.app.get(EventCatalogService).validateData('free.form', { whatever: [1] }),
    ).resolves.toEqual({ ok: true });
  });

  it('refuses an invalid JSON Schema with 422 and the ajv errors in details', async () => {
    const response = await herald.http.post(
      '/api/events/types',
      {
        type: 'broken.schema',
        description: 'x',
        schema: { type: 'object', properties: { a: { type: 'not-a-type' } }, required: 'a' },
      },
      admin,
    );
    expect(response.status).toBe(422);
    expect(response.body).toMatchObject({
      statusCode: 422,
      error: 'Unprocessable Entity',
      message: 'schema is not a valid JSON Schema',
    });
    expect(response.body.details.length).toBeGreaterThan(0);
    expect(response.body.details[0]).toEqual({
      path: expect.any(String),
      message: expect.stringMatching(/^schema/),
    });

    const unresolved = await herald.http.post(
      '/api/events/types',
      { type: 'broken.ref', description: 'x', schema: { $ref: '#/definitions/missing' } },
      admin,
    );
    expect(unresolved.status).toBe(422);
    expect(unresolved.body.details[0].message).toMatch(/cannot be compiled/);
    expect(
      (await herald.http.get('/api/events/types', user)).body.map((t: { type: string }) => t.type),
    ).not.toContain('broken.schema');
  });

  it('validates the request shape with 400s', async () => {
    const badType = await herald.http.post(
      '/api/events/types',
      { type: 'Not A Type', description: 'x' },
      admin,
    );
    expect(badType.status).toBe(400);
    expect(badType.body.details).toEqual([
      { field: 'type', message: 'type must be lowercase segment.segment[.segment], e.g. invoice.paid' },
    ]);
    const oneSegment = await herald.http.post('/api/events/types', { type: 'sync', description: 'x' }, admin);
    expect(oneSegment.status).toBe(400);
    const noDescription = await herald.http.post('/api/events/types', { type: 'a.b' }, admin);
    expect(noDescription.status).toBe(400);
    expect(noDescription.body.details.map((d: { field: string }) => d.field)).toEqual([
      'description',
      'description',
    ]);
    const schemaNotObject = await herald.http.post(
      '/api/events/types',
      { type: 'a.b', description: 'x', schema: 'nope' },
      admin,
    );
    expect(schemaNotObject.status).toBe(400);
    expect(schemaNotObject.body.message).toBe('schema must be a JSON object (a JSON Schema)');
  });

  it('keeps writes for admins: a user or publisher gets 403', async () => {
    const publisher = await herald.http.newUser('publisher');
    for (const token of [user, publisher.token]) {
      const post = await herald.http.post(
        '/api/events/types',
        { type: 'user.made', description: 'x' },
        token,
      );
      expect(post.status).toBe(403);
      expect(post.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      expect((await herald.http.delete('/api/events/types/sync.failed', token)).status).toBe(403);
    }
  });

  it('deletes a type with 204 (gone at once) and answers 404 for an unknown one', async () => {
    expect(
      (
        await herald.http.post(
          '/api/events/types',
          { type: 'temp.thing', description: 'x', schema: { type: 'object' } },
          admin,
        )
      ).status,
    ).toBe(201);
    const catalog = herald.app.get(EventCatalogService);
    await expect(catalog.validateData('temp.thing', {})).resolves.toEqual({ ok: true });

    const deleted = await herald.http.delete('/api/events/types/temp.thing', admin);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    await expect(catalog.validateData('temp.thing', {})).resolves.toEqual({ ok: false, unknownType: true });

    const missing = await herald.http.delete('/api/events/types/temp.thing', admin);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Event type temp.thing not found',
    });
  });

  it('reports unknown subscription patterns', async () => {
    const catalog = herald.app.get(EventCatalogService);
    await expect(
      catalog.unknownPatterns(['*', 'sync.*', 'sync.completed', 'nope.*', 'sync.nope', 'gaps.updated']),
    ).resolves.toEqual(['nope.*', 'sync.nope']);
  });
});
