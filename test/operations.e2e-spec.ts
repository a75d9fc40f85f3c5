import SwaggerParser from '@apidevtools/swagger-parser';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderOpenApi } from '../scripts/render-openapi';
import { startTestApp, TestApp, testEnv } from './support/test-app';

describe('operations: health, docs, spec (e2e)', () => {
  let herald: TestApp;

  beforeAll(async () => {
    herald = await startTestApp();
  });
  afterAll(() => herald.close());

  it('answers /health and /health/ready without auth, with a request id', async () => {
    const live = await herald.http.get('/health');
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ status: 'ok' });
    expect(live.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);

    const ready = await herald.http.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.info).toEqual({ postgres: { status: 'up' }, redis: { status: 'up' } });
  });

  it('serves Swagger UI and a spec that swagger-parser validates', async () => {
    const ui = await herald.http.get('/api/docs');
    expect(ui.status).toBe(200);
    expect(ui.text).toContain('swagger-ui');

    const spec = await herald.http.get('/api/docs-json');
    expect(spec.status).toBe(200);
    await expect(SwaggerParser.validate(structuredClone(spec.body))).resolves.toBeTruthy();
    expect(spec.body.openapi).toMatch(/^3\./);
    for (const [path, operations] of Object.entries<Record<string, any>>(spec.body.paths)) {
      for (const [method, operation] of Object.entries<any>(operations)) {
        const statuses = Object.keys(operation.responses);
        expect({ route: `${method} ${path}`, success: statuses.some((s) => s.startsWith('2')) }).toEqual({
          route: `${method} ${path}`,
          success: true,
        });
        if (
          !path.startsWith('/health') &&
          path !== '/metrics' &&
          // Public by design: they are how a caller gets a credential in the first place.
          !['/api/auth/login', '/api/auth/register', '/api/portal/sessions/exchange'].includes(path)
        ) {
          expect({ route: `${method} ${path}`, security: operation.security }).toEqual({
            route: `${method} ${path}`,
            security: [{ bearer: [] }],
          });
          expect({ route: `${method} ${path}`, has401: statuses.includes('401') }).toEqual({
            route: `${method} ${path}`,
            has401: true,
          });
        }
      }
    }
  });

  it('has an up-to-date openapi.json committed (run `npm run openapi` when this fails)', async () => {
    const committed = readFileSync(join(__dirname, '..', 'openapi.json'), 'utf8');
    expect(await renderOpenApi()).toBe(committed);
  });
});

describe('a worker process (HERALD_ROLE=worker) (e2e)', () => {
  let worker: TestApp;

  beforeAll(async () => {
    worker = await startTestApp(testEnv({ HERALD_ROLE: 'worker' }));
  });
  afterAll(() => worker.close());

  it('serves health and metrics, and nothing of the API', async () => {
    expect((await worker.http.get('/health')).status).toBe(200);
    expect((await worker.http.get('/health/ready')).status).toBe(200);
    const metrics = await worker.http.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('herald_deliveries_total');

    const api = await worker.http.post('/api/auth/login', { email: 'a@b.co', password: 'whatever-123' });
    expect(api.status).toBe(404);
    expect(api.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message:
        'This is a delivery worker (HERALD_ROLE=worker): it serves /health, /health/ready and /metrics only',
    });
    for (const path of ['/api/docs', '/api/webhooks', '/', '/portal/', '/stream.html']) {
      const answer = await worker.http.get(path);
      expect({ path, status: answer.status, message: answer.body?.message }).toEqual({
        path,
        status: 404,
        message: expect.stringContaining('This is a delivery worker'),
      });
    }
  });
});
