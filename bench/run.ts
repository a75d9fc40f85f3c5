/**
 * `npm run bench` — starts what it needs (Herald on its own database, a local receiver, SSE client
 * processes, nginx + nchan for --vs-nchan), measures, prints a table and writes bench/results/*.json.
 * Run with ts-node --transpile-only: no build step of its own, and type errors are caught by the
 * project's `tsc --noEmit` (bench/ is in tsconfig) rather than at every start.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { pollUntil } from './lib/clock';
import { cpuPer, cpuSnapshot } from './lib/cpu-breakdown';
import { ensureBuilt, ensureEventType, HeraldInstance, startHerald } from './lib/herald';
import { cleanupAll, installExitHandlers, isCleaningUp } from './lib/lifecycle';
import { describeMachine } from './lib/machine';
import { BenchOptions, parseOptions } from './lib/options';
import { freePort } from './lib/ports';
import { Progress } from './lib/progress';
import { Receiver } from './lib/receiver';
import { round } from './lib/stats';
import { runCeiling } from './parts/ceiling';
import { runDeliveryThroughput } from './parts/delivery';
import { runDeliveryLatency } from './parts/latency';
import { startNchan } from './parts/nchan';
import { QUIET_TYPE, runPublishApi } from './parts/publish-api';
import { runSseFanout, SseFanoutResult } from './parts/sse-fanout';
import { heraldSseTarget, SSE_TYPE } from './parts/sse-herald';
import { printTable } from './report';
import { createWebhooks, TICK_TYPE } from './parts/webhook-setup';

export type BenchResults = Record<string, any>;

async function main(): Promise<void> {
  installExitHandlers();
  const options = parseOptions(process.argv.slice(2));
  const progress = new Progress();
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    machine: await describeMachine(),
    options: { ...options, only: [...options.only] },
  };
  const has = (part: string) => options.only.has(part as never);
  const needsHerald = ['delivery', 'latency', 'publish', 'sse'].some(has);
  const needsReceiver = ['ceiling', 'delivery', 'latency'].some(has);
  const maxStreams = Math.max(0, ...(has('sse') || has('nchan') ? options.sseStreams : [0]));
  if (maxStreams > 0 && Number(results.machine.openFilesLimit) < maxStreams + 1000) {
    progress.note(
      `warning: ulimit -n is ${results.machine.openFilesLimit}; ${maxStreams} streams need more (run "ulimit -n 65536" first)`,
    );
  }

  const receiver = needsReceiver ? await Receiver.start() : null;
  if (has('ceiling')) {
    results.ceiling = await runCeiling(options, receiver!, progress);
    progress.note(
      `ceiling: ${results.ceiling.requestsPerSecond} requests/s over ${options.connections} connections`,
    );
  }

  let herald: HeraldInstance | null = null;
  if (needsHerald) {
    if (options.build) ensureBuilt(progress);
    herald = await startHerald(progress, await heraldSettings(options));
    for (const type of [TICK_TYPE, QUIET_TYPE, SSE_TYPE]) await ensureEventType(herald, type);
  }

  if (has('delivery') || has('latency')) {
    await createWebhooks(herald!, receiver!, options.webhooks);
    await signalProfiler(options, 'start');
  }
  const snapshot = () => cpuSnapshot(herald!.pid, herald!.database, receiver!.pid);
  if (has('delivery')) {
    const cpuBefore = await snapshot();
    results.delivery = await runDeliveryThroughput(options, herald!, receiver!, progress);
    results.delivery.cpuMsPerDelivery = cpuPer(cpuBefore, await snapshot(), results.delivery.arrived);
    if (results.ceiling)
      results.delivery.ratioToCeiling = round(
        results.delivery.deliveriesPerSecond / results.ceiling.requestsPerSecond,
        3,
      );
    progress.note(
      `delivery: ${results.delivery.deliveriesPerSecond} deliveries/s (${results.delivery.arrived}/${results.delivery.expected})`,
    );
  }
  if (has('latency')) {
    const rate = options.latencyRate || (results.delivery ? results.delivery.deliveriesPerSecond / 2 : 100);
    const cpuBefore = await snapshot();
    results.latency = await runDeliveryLatency(options, herald!, receiver!, rate, progress);
    results.latency.cpuMsPerDelivery = cpuPer(cpuBefore, await snapshot(), results.latency.arrived);
    progress.note(
      `latency: p50 ${results.latency.acceptedToArrivalMs.p50} ms, p99 ${results.latency.acceptedToArrivalMs.p99} ms`,
    );
  }
  if (has('delivery') || has('latency')) {
    const profile = await signalProfiler(options, 'stop');
    if (profile)
      results.profile = summarizeCounts(
        profile,
        (results.delivery?.arrived ?? 0) + (results.latency?.arrived ?? 0),
      );
    results.heraldMetricsAfterDelivery = await scrapeMetrics(herald!);
  }
  if (has('publish')) {
    const cpuBefore = await cpuSnapshot(herald!.pid, herald!.database, 0);
    results.publish = await runPublishApi(options, herald!, progress);
    results.publish.cpuMsPerRequest = cpuPer(
      cpuBefore,
      await cpuSnapshot(herald!.pid, herald!.database, 0),
      results.publish.requests,
    );
    progress.note(
      `publish: ${results.publish.requestsPerSecond} requests/s, p99 ${results.publish.latencyMs.p99} ms`,
    );
  }
  if (has('sse')) {
    results.sse = [] as SseFanoutResult[];
    for (const streams of options.sseStreams) {
      await signalProfiler(options, 'start');
      const r = await runSseFanout(heraldSseTarget(herald!), streams, options, progress);
      const profile = await signalProfiler(options, 'stop');
      if (profile) (results.sseProfiles ??= {})[streams] = profile;
      results.sse.push(r);
      progress.note(
        `sse herald ×${streams}: p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, ${r.rssPerStreamKb} KiB/stream`,
      );
      await waitForStreamsClosed(herald!);
    }
  }
  if (herald) await herald.stop();
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
  results.finishedAt = new Date().toISOString();

  const dir = join(__dirname, 'results');
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${results.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  printTable(results);
  console.log(`\nresults: ${file}`);
}

let profilePort = 0;
async function heraldSettings(options: BenchOptions) {
  const env: Record<string, string> = { DELIVERY_CONCURRENCY: String(options.connections) };
  if (options.profileDir) {
    mkdirSync(options.profileDir, { recursive: true });
    profilePort = await freePort();
    env.BENCH_PROFILE_DIR = options.profileDir;
    env.BENCH_PROFILE_PORT = String(profilePort);
  }
  return {
    env,
    nodeArgs: options.heraldNodeArgs,
    preload: options.profileDir ? compilePreload(options.profileDir) : undefined,
  };
}

/**
 * The profiling preload as plain JavaScript next to the profiles: loading ts-node into Herald would bring
 * source-map-support's stack-trace hooks into the process being measured.
 */
function compilePreload(dir: string): string {
  const source = readFileSync(join(__dirname, 'profile', 'cpu-profile-preload.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  const file = join(dir, 'cpu-profile-preload.cjs');
  writeFileSync(file, outputText);
  return file;
}

async function signalProfiler(options: BenchOptions, phase: 'start' | 'stop'): Promise<string | null> {
  if (!options.profileDir || !profilePort) return null;
  const response = await fetch(`http://127.0.0.1:${profilePort}/${phase}`);
  const text = await response.text();
  return phase === 'stop' ? text : null;
}

/** Queries and Redis commands per delivery, from the counts the profile preload wrote. */
function summarizeCounts(cpuprofile: string, deliveries: number) {
  const countsFile = cpuprofile.replace(/\.cpuprofile$/, '.counts.json');
  const counts = JSON.parse(readFileSync(countsFile, 'utf8')) as {
    sql: Record<string, number>;
    redis: Record<string, number>;
  };
  const total = (m: Record<string, number>) => Object.values(m).reduce((a, b) => a + b, 0);
  const perDelivery = (n: number) => (deliveries ? round(n / deliveries, 2) : NaN);
  return {
    cpuprofile,
    countsFile,
    deliveries,
    sqlPerDelivery: perDelivery(total(counts.sql)),
    redisCommandsPerDelivery: perDelivery(total(counts.redis)),
    topSql: Object.entries(counts.sql)
      .slice(0, 12)
      .map(([q, n]) => ({ perDelivery: perDelivery(n), query: q })),
    topRedis: Object.entries(counts.redis)
      .slice(0, 12)
      .map(([c, n]) => ({ perDelivery: perDelivery(n), command: c })),
  };
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
