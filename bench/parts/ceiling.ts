import { Pool } from 'undici';
import { BenchOptions } from '../lib/options';
import { deliveryLikeRequest } from '../lib/payload';
import { Progress } from '../lib/progress';
import { Receiver } from '../lib/receiver';
import { round } from '../lib/stats';

export interface CeilingResult {
  requests: number;
  errors: number;
  seconds: number;
  requestsPerSecond: number;
  connections: number;
  bodyBytes: number;
}

/**
 * The machine's limit for this traffic: a plain undici loop POSTing delivery-sized requests to the same
 * receiver over the same number of connections as Herald's delivery worker. Bounded in count and time.
 */
export async function runCeiling(
  options: BenchOptions,
  receiver: Receiver,
  progress: Progress,
): Promise<CeilingResult> {
  const { body, headers } = deliveryLikeRequest(options.payloadBytes);
  const pool = new Pool(`http://127.0.0.1:${receiver.port}`, {
    connections: options.connections,
    pipelining: 1,
  });
  // Warm-up (JIT, sockets) outside the measurement, so the ceiling is the steady-state rate.
  const warmUp = async () => {
    for (let i = 0; i < 40; i++) {
      const response = await pool.request({ path: '/warm-up', method: 'POST', headers, body });
      await response.body.dump();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, warmUp));
  await receiver.reset(false);
  let started = 0;
  let done = 0;
  let errors = 0;
  const begin = performance.now();
  const deadline = begin + options.ceilingSeconds * 1000;
  const ticker = setInterval(
    () => progress.update(`ceiling: ${done}/${options.ceilingRequests} requests`),
    500,
  );
  const worker = async () => {
    while (started < options.ceilingRequests && performance.now() < deadline) {
      started++;
      try {
        const response = await pool.request({ path: '/ceiling', method: 'POST', headers, body });
        await response.body.dump();
        if (response.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      done++;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.connections }, worker));
  } finally {
    clearInterval(ticker);
    await pool.close();
  }
  const seconds = (performance.now() - begin) / 1000;
  const arrived = await receiver.count();
  if (arrived !== done - errors)
    progress.note(`ceiling: receiver counted ${arrived}, client ${done - errors}`);
  return {
    requests: done,
    errors,
    seconds: round(seconds),
    requestsPerSecond: round((done - errors) / seconds, 0),
    connections: options.connections,
    bodyBytes: Buffer.byteLength(body),
  };
}
