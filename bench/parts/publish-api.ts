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
}

/**
 * autocannon on POST /api/events with a type no webhook subscribes to, so that this measures the API
 * (auth, validation, catalog, the transaction, the bus) and not the delivery worker.
 */
export async function runPublishApi(
  options: BenchOptions,
  herald: HeraldInstance,
  progress: Progress,
): Promise<PublishResult> {
  progress.update(
    `publish: autocannon ${options.publishConnections} connections for ${options.publishSeconds}s`,
  );
  const result = await autocannon({
    url: `${herald.baseUrl}/api/events`,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${herald.token}` },
    body: JSON.stringify({ type: QUIET_TYPE, data: eventData(0, options.payloadBytes, 0) }),
    connections: options.publishConnections,
    duration: options.publishSeconds,
    maxOverallRequests: 1_000_000,
  });
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
