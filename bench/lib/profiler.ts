import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { BenchOptions } from './options';
import { freePort } from './ports';
import { round } from './stats';

/** How to start one Herald process: its environment, node flags and (with --profile) the profiler preload. */
export interface HeraldLaunch {
  env: Record<string, string>;
  nodeArgs: string[];
  preload?: string;
  /** Port of the preload's /start and /stop, 0 when not profiling. */
  profilePort: number;
}

/**
 * Settings of every Herald the bench starts. The login throttle is raised so that the login-flood run's
 * wrong-password logins all reach password hashing (the cost under test) instead of a cheap 429.
 */
export function baseHeraldEnv(options: BenchOptions): Record<string, string> {
  return { DELIVERY_CONCURRENCY: String(options.connections), LOGIN_RATE_LIMIT: '1000000' };
}

/** A launch with `--herald-node-args` and, with `--profile DIR`, the profiler on a port of its own. */
export async function profiledLaunch(options: BenchOptions): Promise<HeraldLaunch> {
  const env = baseHeraldEnv(options);
  if (!options.profileDir) return { env, nodeArgs: options.heraldNodeArgs, profilePort: 0 };
  mkdirSync(options.profileDir, { recursive: true });
  const profilePort = await freePort();
  env.BENCH_PROFILE_DIR = options.profileDir;
  env.BENCH_PROFILE_PORT = String(profilePort);
  return { env, nodeArgs: options.heraldNodeArgs, preload: compilePreload(options.profileDir), profilePort };
}

/**
 * The profiling preload as plain JavaScript next to the profiles: loading ts-node into Herald would bring
 * source-map-support's stack-trace hooks into the process being measured.
 */
function compilePreload(dir: string): string {
  const source = readFileSync(join(__dirname, '..', 'profile', 'cpu-profile-preload.ts'), 'utf8');
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

/** Starts or stops the profiler of a launch; `stop` resolves with the .cpuprofile path (null: not profiling). */
export async function signalProfiler(launch: HeraldLaunch, phase: 'start' | 'stop'): Promise<string | null> {
  if (!launch.profilePort) return null;
  const response = await fetch(`http://127.0.0.1:${launch.profilePort}/${phase}`);
  const text = await response.text();
  return phase === 'stop' ? text : null;
}

/** Queries and Redis commands per delivery, from the counts the profile preload wrote. */
export function summarizeCounts(cpuprofile: string, deliveries: number) {
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
