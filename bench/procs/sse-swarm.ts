/**
 * Holds many SSE streams with raw node:http requests and a tiny frame parser (EventSource objects would
 * cost more than the server under test). Every `data:` line that is JSON with a numeric `t` (the publish
 * send time, see bench/lib/payload.ts) yields one latency sample: arrival − t.
 */
import { ClientRequest, IncomingMessage, request } from 'node:http';
import { nowMs } from '../lib/clock';
import { serveIpc } from '../lib/ipc';

interface Stream {
  req: ClientRequest;
  res?: IncomingMessage;
  buffer: string;
}

const streams: Stream[] = [];
let latencies: number[] = [];
let frames = 0;
let dropped = 0;
let closing = false;

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

function openOne(url: URL, headers: Record<string, string>): Promise<boolean> {
  return new Promise((resolve) => {
    const stream: Stream = { buffer: '', req: undefined as unknown as ClientRequest };
    stream.req = request(
      url,
      { method: 'GET', headers: { accept: 'text/event-stream', ...headers }, agent: false },
      (res) => {
        stream.res = res;
        if (res.statusCode !== 200) {
          res.resume();
          stream.req.destroy();
          resolve(false);
          return;
        }
        streams.push(stream);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          let text = stream.buffer + (chunk.includes('\r') ? chunk.replace(/\r/g, '') : chunk);
          let end: number;
          while ((end = text.indexOf('\n\n')) >= 0) {
            onFrame(text.slice(0, end));
            text = text.slice(end + 2);
          }
          stream.buffer = text;
        });
        res.on('close', () => {
          if (!closing) dropped++;
        });
        resolve(true);
      },
    );
    stream.req.on('error', () => resolve(false));
    stream.req.end();
  });
}

serveIpc({
  /** Opens `count` streams, at most `parallel` handshakes at a time. */
  open: async (message: {
    url: string;
    headers: Record<string, string>;
    count: number;
    parallel: number;
  }) => {
    const url = new URL(message.url);
    let next = 0;
    let connected = 0;
    let failed = 0;
    const lane = async () => {
      while (next < message.count) {
        next++;
        if (await openOne(url, message.headers)) connected++;
        else failed++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(message.parallel, message.count) }, lane));
    return { connected, failed };
  },
  reset: () => {
    latencies = [];
    frames = 0;
  },
  count: () => ({ frames, samples: latencies.length }),
  report: () => ({ latencies, frames, dropped, open: streams.length - dropped }),
  close: () => {
    closing = true;
    for (const stream of streams) stream.req.destroy();
    streams.length = 0;
  },
});

process.send?.({ ready: { pid: process.pid } });
