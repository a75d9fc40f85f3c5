import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** `performance.now()`-free wall clock in ms with sub-ms precision, for rate measurements. */
  at: number;
}

/** What to answer: a status (and headers/body), or `'hang'` to never answer (timeouts). */
export type Reply =
  { status: number; headers?: Record<string, string>; body?: string; delayMs?: number } | 'hang';
export type Responder = (request: ReceivedRequest, index: number) => Reply;

/**
 * A real HTTP receiver on 127.0.0.1 for webhook tests. It records every request and answers with
 * `respond` (200 by default); `uniqueIds()` dedupes by `webhook-id` and path (one path per webhook in
 * tests), as a receiver should.
 */
export class Receiver {
  readonly requests: ReceivedRequest[] = [];
  respond: Responder = () => ({ status: 200, body: 'ok' });
  private readonly hanging = new Set<ServerResponse>();
  /** Requests open right now, per delivery (`x-webhook-delivery`), and the most ever open at once. */
  private readonly openPerDelivery = new Map<string, number>();
  private mostOpenPerDelivery = 0;
  /** Requests open right now per path, and the most ever open at once per path. */
  private readonly openPerPath = new Map<string, number>();
  private readonly mostOpenPerPath = new Map<string, number>();
  private server: Server;
  url = '';

  static async start(respond?: Responder): Promise<Receiver> {
    const receiver = new Receiver();
    if (respond) receiver.respond = respond;
    await receiver.listen();
    return receiver;
  }

  private listen(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const request: ReceivedRequest = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: performance.timeOrigin + performance.now(),
        };
        const index = this.requests.push(request) - 1;
        this.track(request, res);
        const reply = this.respond(request, index);
        if (reply === 'hang') {
          this.hanging.add(res);
          res.on('close', () => this.hanging.delete(res));
          return;
        }
        const answer = () => {
          res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
          res.end(reply.body ?? '');
        };
        if (reply.delayMs) setTimeout(answer, reply.delayMs);
        else answer();
      });
    });
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
        resolve();
      });
    });
  }

  /** The most requests of one delivery that were ever open at once (1 means attempts never overlapped). */
  maxOpenPerDelivery(): number {
    return this.mostOpenPerDelivery;
  }

  /** The most requests to `path` that were ever open at once (a webhook's attempts in flight). */
  maxOpenOn(path: string): number {
    return this.mostOpenPerPath.get(path) ?? 0;
  }

  private track(request: ReceivedRequest, res: ServerResponse): void {
    const delivery = String(request.headers['x-webhook-delivery'] ?? '');
    const open = (this.openPerDelivery.get(delivery) ?? 0) + 1;
    this.openPerDelivery.set(delivery, open);
    this.mostOpenPerDelivery = Math.max(this.mostOpenPerDelivery, open);
    const onPath = (this.openPerPath.get(request.path) ?? 0) + 1;
    this.openPerPath.set(request.path, onPath);
    this.mostOpenPerPath.set(request.path, Math.max(this.mostOpenPerPath.get(request.path) ?? 0, onPath));
    res.on('close', () => {
      this.openPerDelivery.set(delivery, this.openPerDelivery.get(delivery)! - 1);
      this.openPerPath.set(request.path, this.openPerPath.get(request.path)! - 1);
    });
  }

  /** Distinct (event, webhook) pairs received: a retried or redelivered event counts once. */
  uniqueIds(): Set<string> {
    return new Set(this.requests.map((r) => `${String(r.headers['webhook-id'])}/${r.path}`));
  }

  byEvent(eventId: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.headers['webhook-id'] === eventId);
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
