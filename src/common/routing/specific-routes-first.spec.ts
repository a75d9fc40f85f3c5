import express from 'express';
import type { AddressInfo } from 'node:net';
import { orderRoutesBySpecificity } from './specific-routes-first';

type Stack = Parameters<typeof orderRoutesBySpecificity>[0];

async function answerTo(app: express.Express, path: string): Promise<string> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  try {
    const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    return await res.text();
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

describe('orderRoutesBySpecificity', () => {
  it('routes a literal path before a parameter registered earlier, whatever the registration order', async () => {
    const app = express();
    const seen: string[] = [];
    app.use((_req, _res, next) => {
      seen.push('middleware');
      next();
    });
    app.get('/api/events/:id', (req, res) => res.send(`event ${req.params.id}`));
    app.get('/api/events', (_req, res) => res.send('list'));
    app.get('/api/events/types', (_req, res) => res.send('types'));
    app.get('/api/events/stream', (_req, res) => res.send('stream'));
    app.get('/portal/*rest', (_req, res) => res.send('portal fallback'));
    app.get('/portal/:page', (_req, res) => res.send('portal page'));

    expect(await answerTo(app, '/api/events/types')).toBe('event types');
    orderRoutesBySpecificity(app.router.stack as unknown as Stack);

    expect(await answerTo(app, '/api/events/types')).toBe('types');
    expect(await answerTo(app, '/api/events/stream')).toBe('stream');
    expect(await answerTo(app, '/api/events/evt_1')).toBe('event evt_1');
    expect(await answerTo(app, '/api/events')).toBe('list');
    expect(await answerTo(app, '/portal/settings')).toBe('portal page');
    expect(await answerTo(app, '/portal/a/b')).toBe('portal fallback');
    expect(seen.length).toBe(7);
  });

  it('keeps middleware where it was and routes of equal specificity in their order', () => {
    const layer = (path?: string) => (path === undefined ? {} : { route: { path } });
    const stack: Stack = [
      layer(),
      layer('/a/:x'),
      layer(),
      layer('/a/b'),
      layer('/c/:y'),
      layer('/c/:z'),
      layer(),
    ];
    const [m1, ax, m2, ab, cy, cz, m3] = stack;
    orderRoutesBySpecificity(stack);
    [m1, ab, m2, ax, cy, cz, m3].forEach((expected, i) => expect(stack[i]).toBe(expected));
  });
});
