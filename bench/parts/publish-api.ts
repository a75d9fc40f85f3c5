import autocannon from 'autocannon';
import { HeraldInstance } from '../lib/herald';
import { BenchOptions } from '../lib/options';
import { eventData } from '../lib/payload';
import { Progress } from '../lib/progress';
import { round } from '../lib/stats';

export const QUIET_TYPE = 'bench.quiet';

export interface PublishResult {
  connections: number;
  seconds: number;
  requests: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  latencyMs: { p50: number; p99: number; max: number };
  cpuMsPerRequest?: Record<string, number>;
  /** PostgreSQL backends of Herald's database, most seen at once during the run. */
  postgresConnections?: number;
  ratioToCeiling?: number;
}

/** The body every publish-path run sends: an event of a type no webhook subscribes to. */
export function publishBody(options: BenchOptions): string {
  return JSON.stringify({ type: QUIET_TYPE, data: eventData(0, options.payloadBytes, 0) });
}

/**
 * autocannon on one POST endpoint with the bench's publish settings: a short warm-up (JIT, sockets, the
 * pool's connections) that is not counted (`beforeMeasure` runs after it), then `--publish-connections` for `--publish-seconds`. The same
 * for Herald and for the publish ceiling, so that the two figures compare.
 */
export async function loadPublishEndpoint(
  url: string,
  headers: Record<string, string>,
  options: BenchOptions,
  beforeMeasure: () => Promise<void> = async () => undefined,
): Promise<PublishResult> {
  const run = (duration: number) =>
    autocannon({
      url,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: publishBody(options),
      connections: options.publishConnections,
      duration,
      maxOverallRequests: 1_000_000,
    });
  if (options.publishWarmUpSeconds > 0) await run(options.publishWarmUpSeconds);
  await beforeMeasure();
  const result = await run(options.publishSeconds);
  return {
    connections: options.publishConnections,
    seconds: options.publishSeconds,
    requests: result.requests.total,
    requestsPerSecond: round(result.requests.average, 0),
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  };
}

/**
 * autocannon on POST /api/events with a type no webhook subscribes to, so that this measures the API
 * (auth, validation, catalog, the transaction, the bus) and not the delivery worker.
 */
export async function runPublishApi(
  options: BenchOptions,
  herald: HeraldInstance,
  progress: Progress,
  beforeMeasure?: () => Promise<void>,
): Promise<PublishResult> {
  progress.update(
    `publish: autocannon ${options.publishConnections} connections for ${options.publishSeconds}s`,
  );
  const headers = { authorization: `Bearer ${herald.token}` };
  return loadPublishEndpoint(`${herald.baseUrl}/api/events`, headers, options, beforeMeasure);
}
