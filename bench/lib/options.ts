export const PARTS = [
  'ceiling',
  'delivery',
  'drain',
  'latency',
  'publish',
  'publish-ceiling',
  'login-flood',
  'isolation',
  'sse',
  'sse-idle',
  'nchan',
] as const;
export type Part = (typeof PARTS)[number];

export const ISOLATION_SCENARIOS = ['hang', 'rate-limit'] as const;
export type IsolationScenario = (typeof ISOLATION_SCENARIOS)[number];

export interface BenchOptions {
  only: Set<Part>;
  /** Outbound connections: Herald's DELIVERY_CONCURRENCY and the ceiling loop's pool size. */
  connections: number;
  /** Bytes of padding in each event's data (the delivery body is about this plus 150 bytes). */
  payloadBytes: number;
  ceilingRequests: number;
  ceilingSeconds: number;
  events: number;
  /** Fan-outs of the throughput run, one run each (the first is also the latency run's). */
  webhooks: number[];
  publishConcurrency: number;
  drainEvents: number;
  drainWebhooks: number;
  deliverySeconds: number;
  latencySeconds: number;
  /** Deliveries per second for the latency run; 0 = half of the measured throughput. */
  latencyRate: number;
  publishSeconds: number;
  publishConnections: number;
  /** Uncounted autocannon run before each publish-path measurement (Herald and the ceiling alike). */
  publishWarmUpSeconds: number;
  /** pg pool of the publish ceiling; 0 = as many as Herald held during its publish run. */
  publishCeilingPgConnections: number;
  isolationScenarios: IsolationScenario[];
  isolationBacklog: number;
  isolationHealthyEvents: number;
  isolationIntervalMs: number;
  /** DELIVERY_TIMEOUT_MS of the isolation runs' Herald (the hanging receiver is cut off after it). */
  isolationTimeoutMs: number;
  isolationWaitSeconds: number;
  floodLoginsPerSecond: number;
  floodSeconds: number;
  /** Events/s (one webhook, so deliveries/s) flowing during the login-flood run. */
  floodEventsPerSecond: number;
  floodHost: string;
  sseStreams: number[];
  sseRate: number;
  sseSeconds: number;
  sseClientProcesses: number;
  /** Idle streams of the sse-idle part (`--sse-idle N`). */
  sseIdle: number;
  /** Heap snapshots of Herald without and with the idle streams, summarised per stream. */
  sseHeap: boolean;
  nchanWorkers: number;
  build: boolean;
  /** Extra node flags for the Herald child, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof". */
  heraldNodeArgs: string[];
  /** Write a CPU profile of Herald during the delivery run to this directory. */
  profileDir: string | null;
}

const DEFAULTS: Omit<BenchOptions, 'only'> = {
  connections: 50,
  payloadBytes: 512,
  ceilingRequests: 50_000,
  ceilingSeconds: 10,
  events: 1_000,
  webhooks: [5, 20],
  publishConcurrency: 16,
  drainEvents: 1_000,
  drainWebhooks: 20,
  deliverySeconds: 90,
  latencySeconds: 15,
  latencyRate: 0,
  publishSeconds: 10,
  publishConnections: 20,
  publishWarmUpSeconds: 2,
  publishCeilingPgConnections: 0,
  isolationScenarios: [...ISOLATION_SCENARIOS],
  isolationBacklog: 300,
  isolationHealthyEvents: 20,
  isolationIntervalMs: 250,
  isolationTimeoutMs: 3_000,
  isolationWaitSeconds: 60,
  floodLoginsPerSecond: 50,
  floodSeconds: 20,
  floodEventsPerSecond: 20,
  floodHost: 'localhost',
  sseStreams: [1_000, 5_000],
  sseRate: 5,
  sseSeconds: 10,
  sseClientProcesses: 2,
  sseIdle: 0,
  sseHeap: false,
  nchanWorkers: 1,
  build: true,
  heraldNodeArgs: [],
  profileDir: null,
};

const HELP = `usage: npm run bench -- [flags]        (npm run bench:sse -- --vs-nchan for the SSE peer comparison)
  --only PART,PART           parts to run (default: all but nchan): ${PARTS.join(', ')}
  --vs-nchan                 also run the SSE fan-out against nginx + nchan (part "nchan")
  --connections N            outbound connections / DELIVERY_CONCURRENCY (${DEFAULTS.connections})
  --payload-bytes N          padding in each event's data (${DEFAULTS.payloadBytes})
  --ceiling-requests N       --ceiling-seconds S    bounds of the ceiling loop (${DEFAULTS.ceilingRequests}, ${DEFAULTS.ceilingSeconds})
  --events E --webhooks W,W  throughput run: E events fanned out to W webhooks, one run per W (${DEFAULTS.events}, ${DEFAULTS.webhooks.join(',')})
  --publish-concurrency N    concurrent publishers in the throughput, drain and backlog runs (${DEFAULTS.publishConcurrency})
  --delivery-seconds S       give up waiting for deliveries after S seconds (${DEFAULTS.deliverySeconds})
  --drain-events E --drain-webhooks W   drain run: backlog of E×W deliveries, then a worker (${DEFAULTS.drainEvents}, ${DEFAULTS.drainWebhooks})
  --latency-seconds S        --latency-rate R (deliveries/s, default half the measured throughput)
  --publish-seconds S        --publish-connections N    autocannon on POST /api/events (${DEFAULTS.publishSeconds}, ${DEFAULTS.publishConnections})
  --publish-warm-up-seconds S   uncounted autocannon run first, Herald and ceiling alike (${DEFAULTS.publishWarmUpSeconds})
  --publish-ceiling-pg-connections N   pg pool of the publish ceiling (default: as many as Herald held)
  --isolation-scenarios hang,rate-limit   --isolation-backlog N (${DEFAULTS.isolationBacklog})
  --isolation-healthy-events N (${DEFAULTS.isolationHealthyEvents})  --isolation-interval-ms MS between them (${DEFAULTS.isolationIntervalMs})
  --isolation-timeout-ms MS  DELIVERY_TIMEOUT_MS of the isolation runs (${DEFAULTS.isolationTimeoutMs})
  --isolation-wait-seconds S give up waiting for the healthy events after S seconds (${DEFAULTS.isolationWaitSeconds})
  --flood-logins N           wrong-password logins per second (${DEFAULTS.floodLoginsPerSecond})   --flood-seconds S (${DEFAULTS.floodSeconds})
  --flood-events-per-second N   deliveries/s meanwhile (${DEFAULTS.floodEventsPerSecond})   --flood-host NAME in their URL (${DEFAULTS.floodHost})
  --sse-streams 1000,5000    --sse-rate R (events/s, ${DEFAULTS.sseRate})   --sse-seconds S (${DEFAULTS.sseSeconds})
  --sse-client-processes N   client processes holding the streams (${DEFAULTS.sseClientProcesses})
  --sse-idle N               part "sse-idle": N idle streams, RSS per stream, then one event to all (alone unless --only)
  --sse-heap                 with --sse-idle: heap snapshots of Herald before and with the streams, per-stream summary
  --nchan-workers N          nginx worker_processes (${DEFAULTS.nchanWorkers}; Herald is one process too)
  --no-build                 do not run npm run build even if dist/ is older than src/
  --herald-node-args "..."   extra node flags for the Herald child
  --profile DIR              write CPU profiles of Herald (delivery + latency runs; the drain worker) to DIR`;

type NumberOption = {
  [K in keyof BenchOptions]: BenchOptions[K] extends number ? K : never;
}[keyof BenchOptions];

/** `--flag N` → option, with the least value that makes sense (0 unless a zero would stall the part). */
const NUMBER_FLAGS: Record<string, [NumberOption, number]> = {
  connections: ['connections', 0],
  'payload-bytes': ['payloadBytes', 0],
  'ceiling-requests': ['ceilingRequests', 0],
  'ceiling-seconds': ['ceilingSeconds', 0],
  events: ['events', 0],
  'publish-concurrency': ['publishConcurrency', 0],
  'delivery-seconds': ['deliverySeconds', 0],
  'drain-events': ['drainEvents', 1],
  'drain-webhooks': ['drainWebhooks', 1],
  'latency-seconds': ['latencySeconds', 0],
  'latency-rate': ['latencyRate', 0],
  'publish-seconds': ['publishSeconds', 0],
  'publish-connections': ['publishConnections', 0],
  'publish-warm-up-seconds': ['publishWarmUpSeconds', 0],
  'publish-ceiling-pg-connections': ['publishCeilingPgConnections', 0],
  'isolation-backlog': ['isolationBacklog', 0],
  'isolation-healthy-events': ['isolationHealthyEvents', 1],
  'isolation-interval-ms': ['isolationIntervalMs', 0],
  'isolation-timeout-ms': ['isolationTimeoutMs', 1],
  'isolation-wait-seconds': ['isolationWaitSeconds', 0],
  'flood-logins': ['floodLoginsPerSecond', 1],
  'flood-seconds': ['floodSeconds', 1],
  'flood-events-per-second': ['floodEventsPerSecond', 1],
  'sse-rate': ['sseRate', 0],
  'sse-seconds': ['sseSeconds', 0],
  'sse-client-processes': ['sseClientProcesses', 1],
  'nchan-workers': ['nchanWorkers', 1],
  'sse-idle': ['sseIdle', 0],
};

/** Flags as `--name value` or `--name=value`; unknown flags stop the run with the usage text. */
export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    ...DEFAULTS,
    only: new Set(PARTS.filter((p) => p !== 'nchan' && p !== 'sse-idle')),
  };
  let vsNchan = false;
  let onlyGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    if (raw === '--help' || raw === '-h') {
      console.log(HELP);
      process.exit(0);
    }
    if (!raw.startsWith('--')) fail(`unexpected argument ${raw}`);
    const [name, inline] = raw.slice(2).split(/=(.*)/s, 2);
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) fail(`--${name} needs a value`);
      return next;
    };
    if (name in NUMBER_FLAGS) {
      const [key, least] = NUMBER_FLAGS[name];
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a non-negative number`);
      options[key] = Math.max(least, n);
      continue;
    }
    switch (name) {
      case 'only':
        options.only = new Set(oneOf(value(), PARTS, name));
        onlyGiven = true;
        break;
      case 'sse-heap':
        options.sseHeap = true;
        break;
      case 'vs-nchan':
        vsNchan = true;
        break;
      case 'no-build':
        options.build = false;
        break;
      case 'webhooks':
        options.webhooks = numbers(value(), name);
        break;
      case 'sse-streams':
        options.sseStreams = numbers(value(), name);
        break;
      case 'isolation-scenarios':
        options.isolationScenarios = oneOf(value(), ISOLATION_SCENARIOS, name);
        break;
      case 'flood-host':
        options.floodHost = value();
        break;
      case 'herald-node-args':
        options.heraldNodeArgs = value().split(/\s+/).filter(Boolean);
        break;
      case 'profile':
        options.profileDir = value();
        break;
      default:
        fail(`unknown flag --${name}`);
    }
  }
  if (vsNchan) options.only.add('nchan');
  if (options.sseIdle > 0) {
    if (!onlyGiven) options.only.clear();
    options.only.add('sse-idle');
  }
  return options;
}

/** A comma-separated list of names, each one of `allowed`. */
function oneOf<T extends string>(raw: string, allowed: readonly T[], name: string): T[] {
  return raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      if (!(allowed as readonly string[]).includes(p))
        fail(`--${name}: unknown ${p} (one of ${allowed.join(', ')})`);
      return p as T;
    });
}

/** A comma-separated list of positive whole numbers, e.g. `5,20`. */
function numbers(raw: string, name: string): number[] {
  const values = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map(Number);
  if (!values.length || values.some((n) => !Number.isInteger(n) || n < 1))
    fail(`--${name} must be a comma-separated list of positive whole numbers`);
  return values;
}

function fail(message: string): never {
  console.error(`bench: ${message}\n\n${HELP}`);
  process.exit(2);
}
