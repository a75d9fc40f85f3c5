/**
 * The webhook receiver: node:http on 127.0.0.1, answers 200 at once, counts arrivals and, when asked to,
 * records the arrival time of every request by its `webhook-id`. Runs in its own process so that its CPU
 * does not compete with the harness's timers (it still shares the machine's 2 cores, as a real receiver
 * on the same host would).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { nowMs } from '../lib/clock';
import { serveIpc } from '../lib/ipc';

let count = 0;
let recording = false;
let ids: string[] = [];
let times: number[] = [];

const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    count++;
    if (recording) {
      const id = req.headers['webhook-id'];
      ids.push(typeof id === 'string' ? id : '');
      times.push(nowMs());
    }
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
  });
});
// Longer than undici's keep-alive so that the sender, not the receiver, decides when to close sockets.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;
server.maxRequestsPerSocket = 0;

serveIpc({
  reset: (message: { record?: boolean }) => {
    count = 0;
    recording = Boolean(message.record);
    ids = [];
    times = [];
  },
  count: () => ({ count }),
  arrivals: () => ({ ids, times }),
});

server.listen(0, '127.0.0.1', () => {
  process.send?.({ ready: { port: (server.address() as AddressInfo).port } });
});
