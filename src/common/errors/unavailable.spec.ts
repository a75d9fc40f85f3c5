import { createServer, type AddressInfo } from 'node:net';
import Redis from 'ioredis';
import { Client } from 'pg';
import { QueryFailedError } from 'typeorm';
import { GlobalExceptionFilter } from './global-exception.filter';
import { badRequest } from './http-errors';
import { unavailableDependency } from './unavailable';

/** A port nothing listens on: bound once, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );

describe('unavailableDependency, on the errors the real clients raise', () => {
  it('names PostgreSQL for a refused pg connection, bare or wrapped by TypeORM', async () => {
    const client = new Client({ host: '127.0.0.1', port: await closedPort(), user: 'postgres' });
    const error = await rejection(client.connect());
    expect(unavailableDependency(error)).toBe('PostgreSQL');
    expect(unavailableDependency(new QueryFailedError('SELECT 1', [], error as Error))).toBe('PostgreSQL');
  });

  it('names PostgreSQL for a server shutting down or starting up (SQLSTATE 57P01, 57P03)', () => {
    for (const code of ['57P01', '57P03', '08006', '53300']) {
      const driverError = Object.assign(new Error('terminating connection due to administrator command'), {
        code,
      });
      expect(unavailableDependency(new QueryFailedError('SELECT 1', [], driverError))).toBe('PostgreSQL');
    }
    expect(unavailableDependency(new Error('Connection terminated unexpectedly'))).toBe('PostgreSQL');
    // The limits of DATABASE_TIMEOUT_MS: pg's (no connection, no answer in time) and the server's.
    for (const code of ['57014', '55P03', '25P03']) {
      const driverError = Object.assign(new Error('canceling statement due to statement timeout'), { code });
      expect(unavailableDependency(new QueryFailedError('SELECT 1', [], driverError))).toBe('PostgreSQL');
    }
    expect(unavailableDependency(new Error('timeout exceeded when trying to connect'))).toBe('PostgreSQL');
    expect(unavailableDependency(new QueryFailedError('SELECT 1', [], new Error('Query read timeout')))).toBe(
      'PostgreSQL',
    );
  });

  it('names Redis for a command that gave up waiting for a connection', async () => {
    const redis = new Redis(await closedPort(), '127.0.0.1', {
      maxRetriesPerRequest: 1,
      retryStrategy: () => 10,
      lazyConnect: true,
    });
    redis.on('error', () => undefined);
    void redis.connect().catch(() => undefined);
    const error = await rejection(redis.get('k'));
    redis.disconnect();
    expect((error as Error).name).toBe('MaxRetriesPerRequestError');
    expect(unavailableDependency(error)).toBe('Redis');
    expect(unavailableDependency(new Error('Connection is closed.'))).toBe('Redis');
  });

  it('leaves bugs and ordinary query errors alone', () => {
    expect(unavailableDependency(new TypeError('x is undefined'))).toBeNull();
    const unique = Object.assign(new Error('duplicate key'), { code: '23505' });
    expect(unavailableDependency(new QueryFailedError('INSERT', [], unique))).toBeNull();
    expect(unavailableDependency(undefined)).toBeNull();
  });
});

describe('GlobalExceptionFilter.send', () => {
  const fakeResponse = () => {
    const sent: { status?: number; headers: Record<string, string>; body?: unknown } = { headers: {} };
    const response = {
      headersSent: false,
      setHeader: (name: string, value: string) => (sent.headers[name] = value),
      status: (status: number) => {
        sent.status = status;
        return { json: (body: unknown) => (sent.body = body) };
      },
    };
    return { response: response as never, sent };
  };

  it('answers an unavailable dependency as docs/API.md 503 with Retry-After, never a 500', () => {
    const { response, sent } = fakeResponse();
    new GlobalExceptionFilter().send(response, new Error('Connection terminated unexpectedly'));
    expect(sent).toEqual({
      status: 503,
      headers: { 'Retry-After': '5' },
      body: {
        statusCode: 503,
        error: 'Service Unavailable',
        message:
          'PostgreSQL is unavailable right now, so this request was not carried out; retry in 5 s (Retry-After)',
      },
    });
  });

  it('sets no Retry-After on other errors', () => {
    const { response, sent } = fakeResponse();
    new GlobalExceptionFilter().send(response, badRequest('nope'));
    expect(sent).toEqual({
      status: 400,
      headers: {},
      body: { statusCode: 400, error: 'Bad Request', message: 'nope' },
    });
  });
});
