/**
 * The webhook receiver: node:http on 127.0.0.1, answers 200 at once, counts arrivals and, when asked to,
 * records the arrival time of every request by its `webhook-id`. Runs in its own process so that its CPU
 * does not compete with the harness's timers (it still shares the machine's 2 cores, as a real receiver
 * on the same host would).
 *
 * The first path segment picks a behaviour, for the parts that need a receiver in trouble or a costly one:
 * - `/hang/…` never answers (the sender's timeout ends the request); counted apart, as `hung`;
 * - `/close/…` answers 200 with `Connection: close`, so every delivery opens a new connection (and
 *   resolves the host name again), as receivers behind many load balancers make senders do;
 * - anything else answers 200 on a kept-alive connection.
 */
import { createServer, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from '../lib/clock';
import { serveIpc } from '../lib/ipc';

/** A hung request is let go after this long even if the sender never gives up (bounds the bench). */
const HANG_BOUND_MS = 5 * 60_000;

let count = 0;
let hung = 0;
let firstAt = 0;
let lastAt = 0;
let recording = false;
let ids: string[] = [];
let times: number[] = [];

function answer(res: ServerResponse, close: boolean): void {
  res.writeHead(200, {
    'content-type': 'text/plain',
    'content-length': '2',
    ...(close ? { connection: 'close' } : {}),
  });
  res.end('ok');
}

const server = createServer((req, res) => {
  const mode = /^\/(hang|close)\//.exec(req.url ?? '')?.[1];
  req.on('data', () => undefined);
  req.on('end', () => {
    if (mode === 'hang') {
      hung++;
      const bound = setTimeout(() => res.destroy(), HANG_BOUND_MS);
      res.once('close', () => clearTimeout(bound));
      return;
    }
    const now = nowMs();
    count++;
    if (!firstAt) firstAt = now;
    lastAt = now;
    if (recording) {
      const id = req.headers['webhook-id'];
      ids.push(typeof id === 'string' ? id : '');
      times.push(now);
    }
    answer(res, mode === 'close');
  });
});
// Longer than undici's keep-alive so that the sender, not the receiver, decides when to close sockets.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.requestTimeout = 0;
server.maxRequestsPerSocket = 0;

serveIpc({
  reset: (message: { record?: boolean }) => {
    count = 0;
    hung = 0;
    firstAt = 0;
    lastAt = 0;
    recording = Boolean(message.record);
    ids = [];
    times = [];
  },
  count: () => ({ count, hung, firstAt, lastAt }),
  arrivals: () => ({ ids, times }),
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ ready: { port: (server.address() as AddressInfo).port } });
});
