import { forkHelper, stopChild } from '../lib/lifecycle';
import { IpcPeer } from '../lib/ipc';
import { nowMs, pollUntil, sleep } from '../lib/clock';
import { BenchOptions } from '../lib/options';
import { Progress } from '../lib/progress';
import { totalCpuSeconds } from '../lib/rss';
import { round, summarize, Summary } from '../lib/stats';

/** Something that serves SSE streams: Herald or nginx + nchan. */
export interface SseTarget {
  name: string;
  streamUrl: string;
  streamHeaders: Record<string, string>;
  /** Publishes one event whose data is `{seq, t}` (t = send time); resolves when the server accepted it. */
  publish(seq: number, t: number): Promise<void>;
  /** RSS of the serving process(es), bytes. */
  rss(): number;
  /** CPU seconds used so far by the serving process(es). */
  cpuSeconds(): number;
}

export interface SseFanoutResult {
  target: string;
  streams: number;
  connected: number;
  failed: number;
  eventsPerSecond: number;
  events: number;
  publishErrors: number;
  expectedFrames: number;
  frames: number;
  droppedStreams: number;
  latencyMs: Summary;
  rssBaseMb: number;
  rssOpenMb: number;
  rssAfterMb: number;
  /** (RSS after the events − RSS before any stream) / streams. */
  rssPerStreamKb: number;
  /** CPU seconds used while events flowed, by the server and by all client processes together. */
  serverCpuSeconds: number;
  clientCpuSeconds: number;
  seconds: number;
}

/**
 * N streams held by a few client processes, R events/s published for S seconds, latency from the
 * publish send time to each frame's arrival, and the server's memory before/after.
 */
export async function runSseFanout(
  target: SseTarget,
  streams: number,
  options: BenchOptions,
  progress: Progress,
): Promise<SseFanoutResult> {
  const label = `sse ${target.name} ×${streams}`;
  const swarms = Array.from(
    { length: options.sseClientProcesses },
    (_, i) =>
      new IpcPeer(
        forkHelper(`sse-swarm-${i}`, 'sse-swarm.ts', [], { serialization: 'advanced' }),
        `sse-swarm-${i}`,
      ),
  );
  try {
    await Promise.all(swarms.map((s) => s.ready()));
    await sleep(500);
    const rssBase = target.rss();
    progress.update(`${label}: opening streams`);
    const share = (i: number) => Math.floor(streams / swarms.length) + (i < streams % swarms.length ? 1 : 0);
    const opened = await Promise.all(
      swarms.map((s, i) =>
        s.call<{ connected: number; failed: number }>('open', {
          url: target.streamUrl,
          headers: target.streamHeaders,
          count: share(i),
          parallel: 50,
        }),
      ),
    );
    const connected = opened.reduce((a, o) => a + o.connected, 0);
    const failed = opened.reduce((a, o) => a + o.failed, 0);
    if (failed) progress.note(`${label}: ${failed} streams refused or failed to open`);
    await sleep(1000);
    const rssOpen = target.rss();
    await Promise.all(swarms.map((s) => s.call('reset')));
    const serverCpuBefore = target.cpuSeconds();
    const clientCpuBefore = totalCpuSeconds(swarms.map((s) => s.child.pid!));

    const total = Math.max(1, Math.round(options.sseRate * options.sseSeconds));
    let publishErrors = 0;
    const pending: Promise<void>[] = [];
    const begin = performance.now();
    for (let seq = 0; seq < total; seq++) {
      const due = begin + (seq * 1000) / options.sseRate;
      const wait = due - performance.now();
      if (wait > 0) await sleep(wait);
      pending.push(target.publish(seq, nowMs()).catch(() => void publishErrors++));
      if (seq % 10 === 0) progress.update(`${label}: published ${seq + 1}/${total}`);
    }
    await Promise.all(pending);
    const expectedFrames = connected * (total - publishErrors);
    const countFrames = async () =>
      (await Promise.all(swarms.map((s) => s.call<{ samples: number }>('count')))).reduce(
        (a, c) => a + c.samples,
        0,
      );
    let frames = 0;
    await pollUntil(
      async () => {
        frames = await countFrames();
        progress.update(`${label}: ${frames}/${expectedFrames} frames`);
        return frames >= expectedFrames;
      },
      15_000,
      200,
    );
    const rssAfter = target.rss();
    const seconds = (performance.now() - begin) / 1000;
    const serverCpuSeconds = target.cpuSeconds() - serverCpuBefore;
    const clientCpuSeconds = totalCpuSeconds(swarms.map((s) => s.child.pid!)) - clientCpuBefore;
    const reports = await Promise.all(
      swarms.map((s) => s.call<{ latencies: number[]; dropped: number }>('report')),
    );
    const all: number[] = [];
    for (const r of reports) for (const v of r.latencies) all.push(v);
    return {
      target: target.name,
      streams,
      connected,
      failed,
      eventsPerSecond: options.sseRate,
      events: total,
      publishErrors,
      expectedFrames,
      frames: all.length,
      droppedStreams: reports.reduce((a, r) => a + r.dropped, 0),
      latencyMs: summarize(all),
      rssBaseMb: round(rssBase / 2 ** 20, 1),
      rssOpenMb: round(rssOpen / 2 ** 20, 1),
      rssAfterMb: round(rssAfter / 2 ** 20, 1),
      rssPerStreamKb: round((rssAfter - rssBase) / 1024 / Math.max(1, connected), 1),
      serverCpuSeconds: round(serverCpuSeconds),
      clientCpuSeconds: round(clientCpuSeconds),
      seconds: round(seconds),
    };
  } finally {
    await Promise.all(swarms.map((s) => s.call('close').catch(() => undefined)));
    await Promise.all(swarms.map((s) => stopChild(s.child)));
  }
}
