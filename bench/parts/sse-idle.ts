import { execFileSync, spawnSync } from 'node:child_process';
import { nowMs, pollUntil, sleep } from '../lib/clock';
import { IpcPeer } from '../lib/ipc';
import { forkHelper, stopChild } from '../lib/lifecycle';
import { Progress } from '../lib/progress';
import { round, summarize, Summary } from '../lib/stats';
import { SseTarget } from './sse-fanout';
import { HeapPerStream, summarizeHeap, takeHeapSnapshot } from './sse-heap';

/** Streams one client process holds at most: each is a file descriptor there, under the same ulimit. */
const STREAMS_PER_CLIENT = 15_000;
/** Streams per source address: one address has about 28,000 ephemeral ports towards one server port. */
const STREAMS_PER_ADDRESS = 20_000;
/** Descriptors Herald needs beside its streams (PostgreSQL pool, Redis, logs, the event loop). */
const SPARE_DESCRIPTORS = 1_000;

export interface SseIdleResult {
  target: string;
  streams: number;
  connected: number;
  failed: number;
  /** Why the failed ones failed: HTTP status or socket error code, with counts. */
  failures: Record<string, number>;
  /** Source addresses the client sockets were spread over. */
  sourceAddresses: string[];
  clientProcesses: number;
  openFilesLimit: number;
  openSeconds: number;
  rssBaseMb: number;
  rssOpenMb: number;
  /** (RSS with every stream open − RSS before the first) / streams held. */
  rssPerStreamKb: number;
  /** One event published to every stream: publish→frame delay per stream. */
  oneEvent: { frames: number; latencyMs: Summary; seconds: number };
  /** Streams still open once the event has been counted. */
  heldAfterEvent: number;
  /** With --sse-heap: what a stream adds to Herald's JS heap, by kind of object. */
  heap?: HeapPerStream;
}

/**
 * N idle streams on the target from several client processes, RSS before and with all of them open,
 * then one event to all of them. Opening is paced by the handshakes in flight (`parallel` per client).
 */
export async function runSseIdle(
  target: SseTarget,
  streams: number,
  progress: Progress,
  /** Take heap snapshots of this process (started with HEAP_SNAPSHOT_FLAG), written to `dir`. */
  heapOf?: { pid: number; dir: string },
): Promise<SseIdleResult> {
  const label = `sse idle ${target.name} ×${streams}`;
  const clients = Math.max(1, Math.ceil(streams / STREAMS_PER_CLIENT));
  const sourceAddresses = Array.from(
    { length: Math.max(1, Math.ceil(streams / STREAMS_PER_ADDRESS)) },
    (_, i) => `127.0.0.${i + 2}`,
  );
  const limit = openFilesLimit();
  if (limit < streams + SPARE_DESCRIPTORS) {
    progress.note(
      `${label}: warning: ulimit -n is ${limit} here (the hard limit), so the server can hold about ${limit - SPARE_DESCRIPTORS} streams`,
    );
  }
  const swarms = Array.from(
    { length: clients },
    (_, i) =>
      new IpcPeer(
        forkHelper(`sse-idle-${i}`, 'sse-swarm.ts', [], { serialization: 'advanced' }),
        `sse-idle-${i}`,
      ),
  );
  try {
    await Promise.all(swarms.map((s) => s.ready()));
    // The first snapshot grows the RSS for good, so RSS is read after it: both figures include it.
    const heapBase = heapOf ? await takeHeapSnapshot(heapOf.pid, heapOf.dir) : undefined;
    await sleep(500);
    const rssBase = target.rss();
    const share = (i: number) => Math.floor(streams / clients) + (i < streams % clients ? 1 : 0);
    progress.update(`${label}: opening streams`);
    const began = performance.now();
    const opened = await Promise.all(
      swarms.map((s, i) =>
        s.call<{ connected: number; failed: number; failures: Record<string, number> }>('open', {
          url: target.streamUrl,
          headers: target.streamHeaders,
          count: share(i),
          parallel: 50,
          // Each client process starts on another address, so that all of them are in use.
          localAddresses: sourceAddresses.map((_, k) => sourceAddresses[(k + i) % sourceAddresses.length]),
        }),
      ),
    );
    const openSeconds = (performance.now() - began) / 1000;
    const connected = opened.reduce((a, o) => a + o.connected, 0);
    const failed = opened.reduce((a, o) => a + o.failed, 0);
    const failures: Record<string, number> = {};
    for (const o of opened)
      for (const [why, n] of Object.entries(o.failures)) failures[why] = (failures[why] ?? 0) + n;
    if (failed)
      progress.note(`${label}: ${failed} streams refused or failed to open (${JSON.stringify(failures)})`);
    await sleep(2000); // let allocation settle before reading RSS
    const rssOpen = target.rss();
    let heap: HeapPerStream | undefined;
    if (heapOf && heapBase) {
      progress.update(`${label}: heap snapshot`);
      heap = summarizeHeap(heapBase, await takeHeapSnapshot(heapOf.pid, heapOf.dir), connected);
    }
    await Promise.all(swarms.map((s) => s.call('reset')));

    progress.update(`${label}: one event to all`);
    const sentAt = performance.now();
    await target.publish(0, nowMs());
    const counts = async () => {
      const all = await Promise.all(swarms.map((s) => s.call<{ samples: number; open: number }>('count')));
      return { samples: all.reduce((a, c) => a + c.samples, 0), open: all.reduce((a, c) => a + c.open, 0) };
    };
    await pollUntil(async () => (await counts()).samples >= connected, 120_000, 200);
    const seconds = (performance.now() - sentAt) / 1000;
    const reports = await Promise.all(swarms.map((s) => s.call<{ latencies: number[] }>('report')));
    const latencies = reports.flatMap((r) => r.latencies);
    return {
      target: target.name,
      streams,
      connected,
      failed,
      failures,
      sourceAddresses,
      clientProcesses: clients,
      openFilesLimit: limit,
      openSeconds: round(openSeconds),
      rssBaseMb: round(rssBase / 2 ** 20, 1),
      rssOpenMb: round(rssOpen / 2 ** 20, 1),
      rssPerStreamKb: round((rssOpen - rssBase) / 1024 / Math.max(1, connected), 1),
      oneEvent: { frames: latencies.length, latencyMs: summarize(latencies), seconds: round(seconds) },
      heldAfterEvent: (await counts()).open,
      heap,
    };
  } finally {
    await Promise.all(swarms.map((s) => s.call('close').catch(() => undefined)));
    await Promise.all(swarms.map((s) => stopChild(s.child)));
  }
}

function openFilesLimit(): number {
  return Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim()) || 0;
}

/**
 * Runs the bench again with `ulimit -n` raised to what `streams` need (up to the hard limit) when the
 * soft limit is lower; the Herald and client processes inherit it. Returns false when nothing was done
 * (the caller goes on), and never returns otherwise.
 */
export function reexecWithOpenFiles(streams: number): boolean {
  const want = streams + SPARE_DESCRIPTORS;
  if (process.env.HERALD_BENCH_ULIMIT_RAISED || openFilesLimit() >= want) return false;
  const hard = Number(execFileSync('sh', ['-c', 'ulimit -Hn']).toString().trim()) || 0;
  const raiseTo = hard > 0 ? Math.min(hard, want) : want;
  if (raiseTo <= openFilesLimit()) return false;
  const tsNode = require.resolve('ts-node/dist/bin.js');
  const result = spawnSync(
    'sh',
    [
      '-c',
      `ulimit -n ${raiseTo} && exec "$@"`,
      'sh',
      process.execPath,
      tsNode,
      '--transpile-only',
      ...process.argv.slice(1),
    ],
    { stdio: 'inherit', env: { ...process.env, HERALD_BENCH_ULIMIT_RAISED: '1' } },
  );
  process.exit(result.status ?? 1);
}
