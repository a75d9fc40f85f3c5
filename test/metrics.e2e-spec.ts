import { createServer, IncomingMessage, request, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, Socket } from 'node:net';
import { waitUntil } from './support/sse-client';
import { startTestApp, TestApp, testEnv } from './support/test-app';

/** The series of issue 7, with their Prometheus types. */
const SERIES: Array<[string, 'counter' | 'histogram' | 'gauge']> = [
  ['herald_deliveries_total', 'counter'],
  ['herald_delivery_attempts_total', 'counter'],
  ['herald_delivery_attempt_duration_seconds', 'histogram'],
  ['herald_delivery_lag_seconds', 'histogram'],
  ['herald_delivery_queue_jobs', 'gauge'],
  ['herald_events_published_total', 'counter'],
  ['herald_sse_open_streams', 'gauge'],
  ['herald_sse_frames_sent_total', 'counter'],
  ['herald_sse_slow_client_disconnects_total', 'counter'],
];

/** `name{labels}` → value, exactly as the exposition prints them; absent samples read as undefined. */
type Samples = Map<string, number>;

function parseSamples(text: string): Samples {
  const samples: Samples = new Map();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    samples.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return samples;
}

/** A local webhook receiver whose answer depends on the path; `/held` answers only when released. */
class PathReceiver {
  readonly arrivals: Array<{ path: string; eventId: string }> = [];
  private readonly held: ServerResponse[] = [];
  private readonly calls = new Map<string, number>();
  private server: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req: IncomingMessage, res: ServerResponse) => {
      req.resume();
      req.on('end', () => {
        const path = req.url ?? '';
        const call = (this.calls.get(path) ?? 0) + 1;
        this.calls.set(path, call);
        this.arrivals.push({ path, eventId: String(req.headers['webhook-id']) });
        if (path === '/held') return void this.held.push(res);
        const status = path === '/reject' ? 400 : path === '/fail-once' && call === 1 ? 500 : 200;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  count(path: string): number {
    return this.arrivals.filter((a) => a.path === path).length;
  }

  release(): void {
    for (const res of this.held.splice(0)) res.writeHead(200).end('ok');
  }

  async close(): Promise<void> {
    this.release();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('GET /metrics (e2e)', () => {
  let app: TestApp;
  let receiver: PathReceiver;
  let adminToken: string;
  let publisher: { id: string; token: string };

  const scrape = async (): Promise<Samples> => {
    const response = await app.http.get<string>('/metrics');
    expect(response.status).toBe(200);
    return parseSamples(response.text);
  };
  const read = (samples: Samples, key: string) => samples.get(key) ?? 0;
  /** Polls /metrics until `key` has grown by `by` from `before` (metrics are recorded just after the attempt). */
  const waitForDelta = async (before: Samples, key: string, by: number) => {
    let now = before;
    await waitUntil(
      async () => {
        now = await scrape();
        return read(now, key) - read(before, key) >= by;
      },
      15_000,
      `${key} to grow by ${by}`,
    );
    return now;
  };
  const webhook = async (path: string, token = publisher.token) => {
    const created = await app.http.post(
      '/api/webhooks',
      { url: `${receiver.url}${path}`, events: ['sync.*'] },
      token,
    );
    expect(created.status).toBe(201);
    return created.body.id as string;
  };
  const publish = async (
    type: string,
    data: Record<string, unknown>,
    userId = publisher.id,
  ): Promise<string> => {
    const response = await app.http.post('/api/events', { type, data, user_id: userId }, publisher.token);
    expect(response.status).toBe(202);
    return response.body.id;
  };
  const SYNC = { user_id: 'abc', items_synced: 3, errors: [], duration_s: 1.5 };

  beforeAll(async () => {
    receiver = new PathReceiver();
    await receiver.start();
    app = await startTestApp(
      testEnv({ DELIVERY_SWEEP_INTERVAL_MS: '200', SSE_MAX_BUFFERED_EVENTS: '5', SSE_HEARTBEAT_MS: '60000' }),
    );
    adminToken = await app.http.adminToken();
    publisher = await app.http.newUser('publisher');
  }, 30_000);
  afterAll(async () => {
    await receiver?.close();
    await app?.close();
  }, 30_000);

  it('serves every series of the issue as Prometheus text, without authentication', async () => {
    const response = await app.http.get<string>('/metrics');
    expect(response.status).toBe(200);
    const contentType = response.headers.get('content-type') ?? '';
    expect(contentType.startsWith('text/plain;')).toBe(true);
    expect(contentType).toContain('version=0.0.4');
    for (const [name, type] of SERIES) {
      expect(response.text).toContain(`# HELP ${name} `);
      expect(response.text).toContain(`# TYPE ${name} ${type}\n`);
    }
    const samples = parseSamples(response.text);
    expect(samples.get('herald_sse_open_streams')).toBe(0);
    expect(samples.get('herald_delivery_lag_seconds_count')).toBe(0);
  });

  it('counts a published event and its successful delivery: outcome, attempt duration and lag', async () => {
    await webhook('/ok');
    const before = await scrape();
    const eventId = await publish('sync.completed', SYNC);
    await waitUntil(
      () => receiver.arrivals.some((a) => a.eventId === eventId),
      15_000,
      'the delivery to arrive',
    );
    const after = await waitForDelta(before, 'herald_deliveries_total{outcome="success"}', 1);

    const delta = (key: string) => read(after, key) - read(before, key);
    expect(delta('herald_events_published_total')).toBe(1);
    expect(delta('herald_deliveries_total{outcome="success"}')).toBe(1);
    expect(delta('herald_delivery_attempts_total{outcome="success"}')).toBe(1);
    expect(delta('herald_delivery_attempt_duration_seconds_count')).toBe(1);
    expect(delta('herald_delivery_attempt_duration_seconds_sum')).toBeGreaterThan(0);
    expect(delta('herald_delivery_lag_seconds_count')).toBe(1);
    expect(delta('herald_delivery_lag_seconds_sum')).toBeGreaterThan(0);
    // The lag histogram's +Inf bucket counts every observation.
    expect(delta('herald_delivery_lag_seconds_bucket{le="+Inf"}')).toBe(1);
  });

  it('counts a retried attempt and a final failure by outcome', async () => {
    const other = await app.http.newUser('publisher');
    await webhook('/fail-once', other.token);
    await webhook('/reject', other.token);
    const before = await scrape();
    const response = await app.http.post(
      '/api/events',
      { type: 'sync.failed', data: { user_id: 'abc', error_message: 'x' }, user_id: other.id },
      other.token,
    );
    expect(response.status).toBe(202);
    expect(response.body.deliveries).toBe(2);

    // 500 then 200 (retry schedule 0,1,2 s): one retry, then success. 400: final failure at once.
    await waitForDelta(before, 'herald_deliveries_total{outcome="success"}', 1);
    const final = await waitForDelta(before, 'herald_deliveries_total{outcome="failed"}', 1);
    const delta = (key: string) => read(final, key) - read(before, key);
    expect(delta('herald_delivery_attempts_total{outcome="retry"}')).toBe(1);
    expect(delta('herald_delivery_attempts_total{outcome="success"}')).toBe(1);
    expect(delta('herald_delivery_attempts_total{outcome="failed"}')).toBe(1);
    expect(delta('herald_deliveries_total{outcome="failed"}')).toBe(1);
    expect(delta('herald_deliveries_total{outcome="success"}')).toBe(1);
    expect(delta('herald_delivery_attempt_duration_seconds_count')).toBe(3);
    // Lag is observed on the first attempt only.
    expect(delta('herald_delivery_lag_seconds_count')).toBe(2);
    expect(receiver.count('/fail-once')).toBe(2);
    expect(receiver.count('/reject')).toBe(1);
  }, 45_000);

  it('reports queue depth by state and shows a job in flight as active', async () => {
    const other = await app.http.newUser('publisher');
    await webhook('/held', other.token);
    const idle = await scrape();
    for (const state of ['waiting', 'active', 'delayed', 'failed'])
      expect(idle.has(`herald_delivery_queue_jobs{state="${state}"}`)).toBe(true);

    const response = await app.http.post(
      '/api/events',
      { type: 'sync.completed', data: SYNC, user_id: other.id },
      other.token,
    );
    expect(response.status).toBe(202);
    await waitUntil(() => receiver.count('/held') === 1, 15_000, 'the held delivery to arrive');
    await waitUntil(
      async () => read(await scrape(), 'herald_delivery_queue_jobs{state="active"}') === 1,
      15_000,
      'active = 1',
    );
    receiver.release();
    await waitUntil(
      async () => read(await scrape(), 'herald_delivery_queue_jobs{state="active"}') === 0,
      15_000,
      'active = 0',
    );
  }, 45_000);

  it('counts open streams and frames sent, and drops to zero when the client leaves', async () => {
    const before = await scrape();
    const { port } = new URL(app.baseUrl);
    let text = '';
    const req = request({
      host: '127.0.0.1',
      port,
      path: '/api/events/stream?types=sync.completed',
      headers: { authorization: `Bearer ${publisher.token}` },
    });
    const opened = new Promise<IncomingMessage>((resolve) => req.on('response', resolve));
    req.on('error', () => undefined);
    req.end();
    const res = await opened;
    expect(res.statusCode).toBe(200);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    await waitUntil(() => text.includes('retry:'), 15_000, 'the stream to open');
    expect(read(await scrape(), 'herald_sse_open_streams')).toBe(read(before, 'herald_sse_open_streams') + 1);

    const eventId = await publish('sync.completed', SYNC);
    await waitUntil(() => text.includes(`id: ${eventId}`), 15_000, 'the frame');
    const during = await waitForDelta(before, 'herald_sse_frames_sent_total', 1);
    expect(read(during, 'herald_sse_frames_sent_total') - read(before, 'herald_sse_frames_sent_total')).toBe(
      1,
    );

    req.destroy();
    await waitUntil(
      async () => read(await scrape(), 'herald_sse_open_streams') === read(before, 'herald_sse_open_streams'),
      15_000,
      'the stream to close',
    );
  });

  it('counts a slow client that was disconnected', async () => {
    const type = 'metrics.blob';
    expect(
      (await app.http.post('/api/events/types', { type, description: 'large payloads' }, adminToken)).status,
    ).toBe(201);
    const before = await scrape();
    const { port } = new URL(app.baseUrl);
    const socket: Socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    socket.write(
      `GET /api/events/stream?types=${type} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${adminToken}\r\n\r\n`,
    );
    let head = '';
    await new Promise<void>((resolve) =>
      socket.on('data', (chunk: Buffer) => {
        head += chunk.toString();
        if (head.includes('retry:')) resolve();
      }),
    );
    socket.pause(); // reads nothing more: kernel buffers fill, Herald's writes stall, frames pile up
    try {
      const key = 'herald_sse_slow_client_disconnects_total';
      const blob = 'x'.repeat(512 * 1024);
      for (let i = 0; i < 60 && read(await scrape(), key) === read(before, key); i++) {
        const response = await app.http.post('/api/events', { type, data: { blob, i } }, adminToken);
        expect(response.status).toBe(202);
      }
      const after = await waitForDelta(before, key, 1);
      expect(read(after, key) - read(before, key)).toBe(1);
      await waitUntil(
        async () =>
          read(await scrape(), 'herald_sse_open_streams') === read(before, 'herald_sse_open_streams'),
        15_000,
        'the slow stream to be gone',
      );
    } finally {
      socket.destroy();
    }
  }, 45_000);
});
