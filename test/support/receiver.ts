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
