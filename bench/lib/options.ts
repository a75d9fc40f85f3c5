export const PARTS = ['ceiling', 'delivery', 'latency', 'publish', 'sse', 'nchan'] as const;
export type Part = (typeof PARTS)[number];

export interface BenchOptions {
  only: Set<Part>;
  /** Outbound connections: Herald's DELIVERY_CONCURRENCY and the ceiling loop's pool size. */
  connections: number;
  /** Bytes of padding in each event's data (the delivery body is about this plus 150 bytes). */
  payloadBytes: number;
  ceilingRequests: number;
  ceilingSeconds: number;
  events: number;
  webhooks: number;
  publishConcurrency: number;
  deliverySeconds: number;
  latencySeconds: number;
  /** Deliveries per second for the latency run; 0 = half of the measured throughput. */
  latencyRate: number;
  publishSeconds: number;
  publishConnections: number;
  sseStreams: number[];
  sseRate: number;
  sseSeconds: number;
  sseClientProcesses: number;
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
  webhooks: 5,
  publishConcurrency: 16,
  deliverySeconds: 90,
  latencySeconds: 15,
  latencyRate: 0,
  publishSeconds: 10,
  publishConnections: 20,
  sseStreams: [1_000, 5_000],
  sseRate: 5,
  sseSeconds: 10,
  sseClientProcesses: 2,
  nchanWorkers: 1,
  build: true,
  heraldNodeArgs: [],
  profileDir: null,
};

const HELP = `usage: npm run bench -- [flags]        (npm run bench:sse -- --vs-nchan for the SSE peer comparison)
  --only ceiling,delivery,latency,publish,sse,nchan   parts to run (default: all but nchan)
  --vs-nchan                 also run the SSE fan-out against nginx + nchan (part "nchan")
  --connections N            outbound connections / DELIVERY_CONCURRENCY (${DEFAULTS.connections})
  --payload-bytes N          padding in each event's data (${DEFAULTS.payloadBytes})
  --ceiling-requests N       --ceiling-seconds S    bounds of the ceiling loop (${DEFAULTS.ceilingRequests}, ${DEFAULTS.ceilingSeconds})
  --events E --webhooks W    throughput run: E events fanned out to W webhooks (${DEFAULTS.events}, ${DEFAULTS.webhooks})
  --publish-concurrency N    concurrent publishers in the throughput run (${DEFAULTS.publishConcurrency})
  --delivery-seconds S       give up waiting for deliveries after S seconds (${DEFAULTS.deliverySeconds})
  --latency-seconds S        --latency-rate R (deliveries/s, default half the measured throughput)
  --publish-seconds S        --publish-connections N    autocannon on POST /api/events (${DEFAULTS.publishSeconds}, ${DEFAULTS.publishConnections})
  --sse-streams 1000,5000    --sse-rate R (events/s, ${DEFAULTS.sseRate})   --sse-seconds S (${DEFAULTS.sseSeconds})
  --sse-client-processes N   client processes holding the streams (${DEFAULTS.sseClientProcesses})
  --nchan-workers N          nginx worker_processes (${DEFAULTS.nchanWorkers}; Herald is one process too)
  --no-build                 do not run npm run build even if dist/ is older than src/
  --herald-node-args "..."   extra node flags for the Herald child
  --profile DIR              write a CPU profile of Herald (delivery + latency runs) to DIR`;

/** Flags as `--name value` or `--name=value`; unknown flags stop the run with the usage text. */
export function parseOptions(argv: string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS, only: new Set(PARTS.filter((p) => p !== 'nchan')) };
  let vsNchan = false;
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
    const int = () => {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a non-negative number`);
      return n;
    };
    switch (name) {
      case 'only':
        options.only = new Set(
          value()
            .split(',')
            .map((p) => p.trim())
            .filter(Boolean)
            .map((p) => {
              if (!(PARTS as readonly string[]).includes(p))
                fail(`--only: unknown part ${p} (parts: ${PARTS.join(', ')})`);
              return p as Part;
            }),
        );
        break;
      case 'vs-nchan':
        vsNchan = true;
        break;
      case 'no-build':
        options.build = false;
        break;
      case 'connections':
        options.connections = int();
        break;
      case 'payload-bytes':
        options.payloadBytes = int();
        break;
      case 'ceiling-requests':
        options.ceilingRequests = int();
        break;
      case 'ceiling-seconds':
        options.ceilingSeconds = int();
        break;
      case 'events':
        options.events = int();
        break;
      case 'webhooks':
        options.webhooks = int();
        break;
      case 'publish-concurrency':
        options.publishConcurrency = int();
        break;
      case 'delivery-seconds':
        options.deliverySeconds = int();
        break;
      case 'latency-seconds':
        options.latencySeconds = int();
        break;
      case 'latency-rate':
        options.latencyRate = int();
        break;
      case 'publish-seconds':
        options.publishSeconds = int();
        break;
      case 'publish-connections':
        options.publishConnections = int();
        break;
      case 'sse-streams':
        options.sseStreams = value()
          .split(',')
          .map((s) => Number(s.trim()))
          .filter((n) => n > 0);
        break;
      case 'sse-rate':
        options.sseRate = int();
        break;
      case 'sse-seconds':
        options.sseSeconds = int();
        break;
      case 'sse-client-processes':
        options.sseClientProcesses = Math.max(1, int());
        break;
      case 'nchan-workers':
        options.nchanWorkers = Math.max(1, int());
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
  return options;
}

function fail(message: string): never {
  console.error(`bench: ${message}\n\n${HELP}`);
  process.exit(2);
}
