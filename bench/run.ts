/**
 * `npm run bench` — starts what it needs (Herald on its own database, a local receiver, SSE client
 * processes, nginx + nchan for --vs-nchan), measures, prints a table and writes bench/results/*.json.
 * Run with ts-node --transpile-only: no build step of its own, and type errors are caught by the
 * project's `tsc --noEmit` (bench/ is in tsconfig) rather than at every start.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil } from './lib/clock';
import { cpuPer, cpuSnapshot } from './lib/cpu-breakdown';
import { ensureBuilt, ensureEventType, HeraldInstance, startHerald } from './lib/herald';
import { cleanupAll, installExitHandlers, isCleaningUp } from './lib/lifecycle';
import { describeMachine } from './lib/machine';
import { parseOptions, Part } from './lib/options';
import { baseHeraldEnv, profiledLaunch, signalProfiler, summarizeCounts } from './lib/profiler';
import { watchBackends } from './lib/pg-backends';
import { Progress } from './lib/progress';
import { Receiver } from './lib/receiver';
import { round } from './lib/stats';
import { runCeiling } from './parts/ceiling';
import { DeliveryResult, Fanout, runDeliveryThroughput, warmUpDelivery } from './parts/delivery';
import { runDrain } from './parts/drain';
import { IsolationResult, runIsolation } from './parts/isolation';
import { runLoginFlood } from './parts/login-flood';
import { HERALD_POOL_SIZE, runPublishCeiling } from './parts/publish-ceiling';
import { runDeliveryLatency } from './parts/latency';
import { startNchan } from './parts/nchan';
import { QUIET_TYPE, runPublishApi } from './parts/publish-api';
import { runSseFanout, SseFanoutResult } from './parts/sse-fanout';
import { heraldSseTarget, SSE_TYPE } from './parts/sse-herald';
import { HEAP_SNAPSHOT_FLAG } from './parts/sse-heap';
import { reexecWithOpenFiles, runSseIdle } from './parts/sse-idle';
import { printTable, spread, summaryRatios } from './report';
import { createWebhooks, fanoutType } from './parts/webhook-setup';

export type BenchResults = Record<string, any>;

async function main(): Promise<void> {
  installExitHandlers();
  const options = parseOptions(process.argv.slice(2));
  if (options.sseIdle > 0) reexecWithOpenFiles(options.sseIdle);
  const progress = new Progress();
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    machine: await describeMachine(),
    options: { ...options, only: [...options.only] },
  };
  const has = (part: Part) => options.only.has(part);
  const needsHerald = (['delivery', 'latency', 'publish', 'login-flood', 'sse', 'sse-idle'] as Part[]).some(
    has,
  );
  const needsReceiver = (
    ['ceiling', 'delivery', 'drain', 'latency', 'login-flood', 'isolation'] as Part[]
  ).some(has);
  const maxStreams = Math.max(0, ...(has('sse') || has('nchan') ? options.sseStreams : [0]));
  if (maxStreams > 0 && Number(results.machine.openFilesLimit) < maxStreams + 1000) {
    progress.note(
      `warning: ulimit -n is ${results.machine.openFilesLimit}; ${maxStreams} streams need more (run "ulimit -n 65536" first)`,
    );
  }
  if (needsHerald || has('drain') || has('isolation')) {
    if (options.build) ensureBuilt(progress);
  }

  const receiver = needsReceiver ? await Receiver.start() : null;
  if (has('ceiling')) {
    results.ceiling = await runCeiling(options, receiver!, progress);
    progress.note(
      `ceiling: ${results.ceiling.requestsPerSecond} requests/s over ${options.connections} connections`,
    );
  }
  const ceilingRatio = (perSecond: number) =>
    results.ceiling ? round(perSecond / results.ceiling.requestsPerSecond, 3) : undefined;

  let herald: HeraldInstance | null = null;
  const launch = await profiledLaunch(options);
  if (needsHerald) {
    // --sse-heap: Herald writes a heap snapshot on a signal (the sse-idle part takes two).
    const nodeArgs = [...(launch.nodeArgs ?? []), ...(options.sseHeap ? [HEAP_SNAPSHOT_FLAG] : [])];
    herald = await startHerald(progress, { ...launch, nodeArgs });
    for (const type of [QUIET_TYPE, SSE_TYPE]) await ensureEventType(herald, type);
  }

  // One set of webhooks per fan-out, each on an event type of its own; the latency run uses the first.
  const fanouts: Fanout[] = [];
  if (has('delivery') || has('latency')) {
    for (const webhooks of has('delivery') ? options.webhooks : options.webhooks.slice(0, 1)) {
      const type = fanoutType(webhooks);
      await ensureEventType(herald!, type);
      fanouts.push({ type, webhookIds: await createWebhooks(herald!, receiver!, webhooks, type) });
    }
    // Before the profiler starts, so that the profile's counts divide by the deliveries measured.
    await warmUpDelivery(options, herald!, receiver!, fanouts[0], progress);
    await signalProfiler(launch, 'start');
  }
  const snapshot = () => cpuSnapshot(herald!.pid, herald!.database, receiver!.pid);
  if (has('delivery')) {
    results.delivery = [] as DeliveryResult[];
    for (const fanout of fanouts) {
      const cpuBefore = await snapshot();
      const r = await runDeliveryThroughput(options, herald!, receiver!, fanout, progress);
      r.cpuMsPerDelivery = cpuPer(cpuBefore, await snapshot(), r.arrived);
      r.ratioToCeiling = ceilingRatio(r.deliveriesPerSecond);
      results.delivery.push(r);
      progress.note(
        `delivery ×${r.webhooks}: ${r.deliveriesPerSecond} deliveries/s (${r.arrived}/${r.expected}; log: ${r.log.counts.success} successes)`,
      );
    }
  }
  if (has('latency')) {
    const rate =
      options.latencyRate || (results.delivery ? results.delivery[0].deliveriesPerSecond / 2 : 100);
    const cpuBefore = await snapshot();
    results.latency = await runDeliveryLatency(options, herald!, receiver!, rate, fanouts[0], progress);
    results.latency.cpuMsPerDelivery = cpuPer(cpuBefore, await snapshot(), results.latency.arrived);
    progress.note(
      `latency: p50 ${results.latency.acceptedToArrivalMs.p50} ms, p99 ${results.latency.acceptedToArrivalMs.p99} ms`,
    );
  }
  if (has('delivery') || has('latency')) {
    const profile = await signalProfiler(launch, 'stop');
    if (profile) {
      const delivered = (results.delivery ?? []).reduce((a: number, r: DeliveryResult) => a + r.arrived, 0);
      results.profile = summarizeCounts(profile, delivered + (results.latency?.arrived ?? 0));
    }
    results.heraldMetricsAfterDelivery = await scrapeMetrics(herald!);
  }
  if (has('publish')) {
    // CPU and connections are counted from the end of the warm-up, like the requests.
    let cpuBefore = await cpuSnapshot(herald!.pid, herald!.database, 0);
    let backends: { stop(): Promise<number> } | null = null;
    results.publish = await runPublishApi(options, herald!, progress, async () => {
      cpuBefore = await cpuSnapshot(herald!.pid, herald!.database, 0);
      backends = await watchBackends(herald!.database);
    });
    results.publish.postgresConnections = await backends!.stop();
    results.publish.cpuMsPerRequest = cpuPer(
      cpuBefore,
      await cpuSnapshot(herald!.pid, herald!.database, 0),
      results.publish.requests,
    );
    progress.note(
      `publish: ${results.publish.requestsPerSecond} requests/s, p99 ${results.publish.latencyMs.p99} ms, ${results.publish.postgresConnections} PostgreSQL connections`,
    );
  }
  if (has('publish-ceiling')) {
    const pgConnections =
      options.publishCeilingPgConnections || results.publish?.postgresConnections || HERALD_POOL_SIZE;
    results.publishCeiling = await runPublishCeiling(options, pgConnections, progress);
    if (results.publish)
      results.publish.ratioToCeiling = round(
        results.publish.requestsPerSecond / results.publishCeiling.requestsPerSecond,
        3,
      );
    progress.note(
      `publish ceiling: ${results.publishCeiling.requestsPerSecond} requests/s, p99 ${results.publishCeiling.latencyMs.p99} ms over ${pgConnections} PostgreSQL connections`,
    );
  }
  if (has('sse')) {
    results.sse = [] as SseFanoutResult[];
    for (const streams of options.sseStreams) {
      await signalProfiler(launch, 'start');
      const r = await runSseFanout(heraldSseTarget(herald!), streams, options, progress);
      const profile = await signalProfiler(launch, 'stop');
      if (profile) (results.sseProfiles ??= {})[streams] = profile;
      results.sse.push(r);
      progress.note(
        `sse herald ×${streams}: p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${r.rssPerStreamKb} KiB/stream`,
      );
      await waitForStreamsClosed(herald!);
    }
  }
  if (has('sse-idle')) {
    const heapOf = options.sseHeap ? { pid: herald!.pid, dir: join(__dirname, '..') } : undefined;
    const r = await runSseIdle(heraldSseTarget(herald!), options.sseIdle, progress, heapOf);
    results.sseIdle = r;
    progress.note(
      `sse idle ×${r.streams}: ${r.connected} held, RSS ${r.rssOpenMb} MB (${r.rssPerStreamKb} KiB/stream), one event p50 ${r.oneEvent.latencyMs.p50} ms, p99 ${r.oneEvent.latencyMs.p99} ms` +
        (r.heap ? `, JS heap ${r.heap.bytesPerStream} B/stream` : ''),
    );
    await waitForStreamsClosed(herald!);
  }
  // Last on this Herald: hashes still queued when the flood ends must not weigh on another part.
  if (has('login-flood')) {
    const r = await runLoginFlood(options, herald!, receiver!, progress);
    results.loginFlood = r;
    progress.note(
      `login flood: deliveries ${spread(r.quiet.sentToArrivalMs)} quiet, ${spread(r.flood.sentToArrivalMs)} (${r.flood.arrived}/${r.flood.events}) under ${r.loginsPerSecond} logins/s`,
    );
  }
  if (herald) await herald.stop();
  // The parts below start Heralds of their own (other roles, other settings, a clean database each).
  const baseEnv = { env: baseHeraldEnv(options) };
  if (has('drain')) {
    const r = await runDrain(options, receiver!, baseEnv, await profiledLaunch(options), progress);
    r.ratioToCeiling = ceilingRatio(r.deliveriesPerSecond);
    results.drain = r;
    progress.note(
      `drain: ${r.deliveriesPerSecond} deliveries/s (${r.arrived}/${r.expected} in ${r.drainSeconds}s)`,
    );
  }
  if (has('isolation')) {
    results.isolation = [] as IsolationResult[];
    for (const scenario of options.isolationScenarios) {
      const r = await runIsolation(options, receiver!, scenario, baseEnv, progress);
      results.isolation.push(r);
      progress.note(
        `isolation ${scenario}: healthy ${spread(r.behindBacklog.sentToArrivalMs)} (${r.behindBacklog.arrived}/${r.behindBacklog.events}), troubled still pending ${r.troubledAtEnd.pending}/${r.backlog}`,
      );
    }
  }
  if (has('nchan')) {
    const nchan = await startNchan(options.nchanWorkers, progress);
    results.nchan = [] as SseFanoutResult[];
    for (const streams of options.sseStreams) {
      const r = await runSseFanout(nchan, streams, options, progress);
      results.nchan.push(r);
      progress.note(
        `sse nchan ×${streams}: p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${r.rssPerStreamKb} KiB/stream`,
      );
    }
  }
  results.ratios = summaryRatios(results);
  results.finishedAt = new Date().toISOString();

  const dir = join(__dirname, 'results');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${results.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  printTable(results);
  console.log(`\nresults: ${file}`);
}

/** The herald_* series, for the record (and as a cross-check of the receiver's counts). */
async function scrapeMetrics(herald: HeraldInstance): Promise<Record<string, number>> {
  const r = await herald.api<string>('GET', '/metrics');
  const out: Record<string, number> = {};
  for (const line of String(r.body).split('\n')) {
    if (!line.startsWith('herald_') || line.startsWith('herald_process_')) continue;
    const [name, value] = line.split(/ (?=[^ ]+$)/);
    if (/_bucket\{/.test(name)) continue;
    out[name] = Number(value);
  }
  return out;
}

/** Between the 1,000 and 5,000 runs: Herald should have let go of the previous streams. */
async function waitForStreamsClosed(herald: HeraldInstance): Promise<void> {
  await pollUntil(
    async () => {
      const metrics = await scrapeMetrics(herald);
      return (metrics.herald_sse_open_streams ?? 0) === 0;
    },
    15_000,
    200,
  );
}

main()
  .catch((error) => {
    if (isCleaningUp()) return;
    console.error(`\nbench: failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 1;
  })
  .finally(() => cleanupAll().then(() => process.exit()));
