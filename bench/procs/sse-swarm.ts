/**
 * Holds many SSE streams over raw TCP sockets (a hand-written GET, no http parser, no EventSource) with a
 * tiny frame parser, so that thousands of streams cost the client as little as possible: the client
 * shares the 2 cores with the server under test. Chunked transfer-encoding needs no decoding here: each
 * server write is one chunk holding whole frames, so chunk-size lines only ever sit between frames and are
 * not `data:` lines. Every `data:` line that is JSON with a numeric `t` (the publish send time, see
 * bench/lib/payload.ts) yields one latency sample: arrival − t.
 */
import { connect, Socket } from 'node:net';
import { nowMs } from '../lib/clock';
import { serveIpc } from '../lib/ipc';

const sockets: Socket[] = [];
let latencies: number[] = [];
let frames = 0;
let dropped = 0;
let closing = false;
/** Why streams did not open: the status line's code, or the socket error's code. */
const failures: Record<string, number> = {};
const failed = (why: string) => (failures[why] = (failures[why] ?? 0) + 1);

function onFrame(block: string): void {
  let data = '';
  for (const line of block.split('\n')) {
    if (line.startsWith('data:')) data += line.slice(line[5] === ' ' ? 6 : 5);
  }
  if (!data) return;
  frames++;
  if (data.charCodeAt(0) !== 123 /* { */) return;
  try {
    const parsed = JSON.parse(data) as { t?: unknown };
    if (typeof parsed.t === 'number') latencies.push(Math.round((nowMs() - parsed.t) * 100) / 100);
  } catch {
    // not one of ours
  }
}

/**
 * Resolves true once the response head says 200 (then keeps reading frames), false otherwise.
 * `localAddress` (a 127.0.0.x) spreads sockets over source addresses: one address has only about 28,000
 * ephemeral ports towards one server port.
 */
function openOne(url: URL, headers: Record<string, string>, localAddress?: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port: Number(url.port), host: url.hostname, localAddress });
    socket.setEncoding('latin1');
    let head = true;
    let buffer = '';
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      if (ok) sockets.push(socket);
      else socket.destroy();
      resolve(ok);
    };
    socket.on('connect', () => {
      const lines = [
        `GET ${url.pathname}${url.search} HTTP/1.1`,
        `Host: ${url.host}`,
        'Accept: text/event-stream',
      ];
      for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.on('data', (chunk: string) => {
      let text = buffer + (chunk.includes('\r') ? chunk.replace(/\r/g, '') : chunk);
      if (head) {
        const end = text.indexOf('\n\n');
        if (end < 0) {
          buffer = text;
          return;
        }
        if (!/^HTTP\/1\.[01] 200 /.test(text)) {
          failed(`HTTP ${text.slice(9, 12)}`);
          return settle(false);
        }
        head = false;
        text = text.slice(end + 2);
        settle(true);
      }
      let end: number;
      while ((end = text.indexOf('\n\n')) >= 0) {
        onFrame(text.slice(0, end));
        text = text.slice(end + 2);
      }
      buffer = text;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!settled) failed(error.code ?? 'error');
      settle(false);
    });
    socket.on('close', () => {
      if (settled && !head && !closing) dropped++;
      settle(false);
    });
  });
}

serveIpc({
  /** Opens `count` streams, at most `parallel` handshakes at a time, from `localAddresses` in turn. */
  open: async (message: {
    url: string;
    headers: Record<string, string>;
    count: number;
    parallel: number;
    localAddresses?: string[];
  }) => {
    const url = new URL(message.url);
    const addresses = message.localAddresses ?? [];
    let next = 0;
    let connected = 0;
    let refused = 0;
    const lane = async () => {
      while (next < message.count) {
        const address = addresses.length ? addresses[next % addresses.length] : undefined;
        next++;
        if (await openOne(url, message.headers, address)) connected++;
        else refused++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(message.parallel, message.count) }, lane));
    return { connected, failed: refused, failures };
  },
  reset: () => {
    latencies = [];
    frames = 0;
  },
  count: () => ({ frames, samples: latencies.length, open: sockets.length - dropped }),
  report: () => ({ latencies, frames, dropped, open: sockets.length - dropped }),
  close: () => {
    closing = true;
    for (const socket of sockets) socket.destroy();
    sockets.length = 0;
  },
});

process.send?.({ ready: { pid: process.pid } });
