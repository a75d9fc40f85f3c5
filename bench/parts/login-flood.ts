import { lookup } from 'node:dns/promises';
import { Pool } from 'undici';
import { sleep } from '../lib/clock';
import { ensureEventType, HeraldInstance } from '../lib/herald';
import { onCleanup } from '../lib/lifecycle';
import { BenchOptions } from '../lib/options';
import { Progress } from '../lib/progress';
import { p99Ratio, PacedLatency, publishPacedAndWait } from '../lib/publishing';
import { Receiver } from '../lib/receiver';
import { cpuSeconds } from '../lib/rss';
import { round, summarize, Summary } from '../lib/stats';
import { registerTenant } from '../lib/tenants';
import { createWebhook } from './webhook-setup';

const FLOOD_TYPE = 'bench.flood';
/** A login answered after this long counts as an error (bounds the run; Herald should answer far sooner). */
const LOGIN_TIMEOUT_MS = 30_000;
/** How long the deliveries of each phase may take to arrive before they count as missing. */
const DELIVERY_WAIT_SECONDS = 30;

export interface LoginFloodStats {
  sent: number;
  answered: number;
  /** Answers by status code (401 expected; 429/503 when Herald sheds the hashing load), and client errors. */
  byStatus: Record<string, number>;
  errors: number;
  latencyMs: Summary;
}

export interface LoginFloodResult {
  loginsPerSecond: number;
  seconds: number;
  deliveriesPerSecond: number;
  /** Host name in the webhook's URL (resolved by Herald for every connection; the receiver closes each). */
  host: string;
  /** Deliveries not arrived after this long count as missing. */
  waitSeconds: number;
  /** heraldCpuCores: Herald's CPU seconds per second over the phase (2 = both cores of this machine). */
  quiet: PacedLatency & { heraldCpuCores: number };
  flood: PacedLatency & { heraldCpuCores: number };
  logins: LoginFloodStats;
  /** p99 (sent → arrival) with the flood / without it; null when some delivery never arrived. */
  p99RatioToQuiet: number | null;
}

/**
 * Issue 15 item 3's measurement: deliveries flowing at a modest steady rate to one webhook, first alone,
 * then while wrong-password logins for an existing account arrive open-loop at --flood-logins per second.
 * The webhook's receiver closes every connection and its URL names a host (localhost), so each delivery
 * resolves a name and connects, the work that shares libuv's thread pool with password hashing.
 * Herald's login throttle is raised for the bench (LOGIN_RATE_LIMIT) so that every login reaches the hash.
 */
export async function runLoginFlood(
  options: BenchOptions,
  herald: HeraldInstance,
  receiver: Receiver,
  progress: Progress,
): Promise<LoginFloodResult> {
  await assertLoopback(options.floodHost);
  await ensureEventType(herald, FLOOD_TYPE);
  const target = await registerTenant(herald, 'flood-target');
  await createWebhook(herald, {
    url: receiver.url('/close/flood', options.floodHost),
    events: [FLOOD_TYPE],
    name: 'login flood deliveries',
  });
  await receiver.reset(true);
  const events = Math.max(1, Math.round(options.floodEventsPerSecond * options.floodSeconds));
  const deliveries = async (phase: string) => {
    const spec = {
      type: FLOOD_TYPE,
      events,
      eventsPerSecond: options.floodEventsPerSecond,
      payloadBytes: options.payloadBytes,
      onProgress: (n: number) => {
        if (n % 20 === 1) progress.update(`login-flood ${phase}: published ${n}/${events}`);
      },
    };
    const cpuBefore = cpuSeconds(herald.pid);
    const begin = performance.now();
    const { latency } = await publishPacedAndWait(herald, receiver, spec, DELIVERY_WAIT_SECONDS * 1000);
    const cores = (cpuSeconds(herald.pid) - cpuBefore) / ((performance.now() - begin) / 1000);
    return { ...latency, heraldCpuCores: round(cores, 2) };
  };

  const quiet = await deliveries('quiet');
  // The flood starts a second before the deliveries and ends a second after them.
  const flooding = floodLogins(herald, target.email, options, options.floodSeconds + 2, progress);
  await sleep(1000);
  const flood = await deliveries('flood');
  const logins = await flooding;
  return {
    loginsPerSecond: options.floodLoginsPerSecond,
    seconds: options.floodSeconds,
    deliveriesPerSecond: options.floodEventsPerSecond,
    host: options.floodHost,
    waitSeconds: DELIVERY_WAIT_SECONDS,
    quiet,
    flood,
    logins,
    p99RatioToQuiet: p99Ratio(flood, quiet),
  };
}

/** The bench sends traffic to 127.0.0.1 only: a --flood-host resolving anywhere else stops the run. */
async function assertLoopback(host: string): Promise<void> {
  const addresses = await lookup(host, { all: true });
  const elsewhere = addresses.filter((a) => a.address !== '127.0.0.1');
  if (!addresses.length || elsewhere.length)
    throw new Error(
      `--flood-host ${host} must resolve to 127.0.0.1 only (got ${addresses.map((a) => a.address).join(', ')})`,
    );
}

/** Wrong-password logins, open loop (on schedule whatever the answers), on a client pool of their own. */
async function floodLogins(
  herald: HeraldInstance,
  email: string,
  options: BenchOptions,
  seconds: number,
  progress: Progress,
): Promise<LoginFloodStats> {
  const total = Math.round(options.floodLoginsPerSecond * seconds);
  const pool = new Pool(herald.baseUrl, {
    connections: Math.min(1024, total),
    headersTimeout: LOGIN_TIMEOUT_MS,
    bodyTimeout: LOGIN_TIMEOUT_MS,
  });
  const forget = onCleanup('login flood pool', () => pool.close());
  const stats: LoginFloodStats = { sent: 0, answered: 0, byStatus: {}, errors: 0, latencyMs: summarize([]) };
  const latencies: number[] = [];
  const body = JSON.stringify({ email, password: 'not-the-password-of-this-account' });
  const inFlight: Promise<void>[] = [];
  const begin = performance.now();
  try {
    for (let i = 0; i < total; i++) {
      const wait = begin + (i * 1000) / options.floodLoginsPerSecond - performance.now();
      if (wait > 1) await sleep(wait);
      const sent = performance.now();
      stats.sent++;
      inFlight.push(
        pool
          .request({
            path: '/api/auth/login',
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          })
          .then(async (response) => {
            await response.body.dump();
            latencies.push(performance.now() - sent);
            stats.answered++;
            stats.byStatus[response.statusCode] = (stats.byStatus[response.statusCode] ?? 0) + 1;
          })
          .catch(() => void stats.errors++),
      );
      if (i % 50 === 0)
        progress.update(`login-flood: ${i + 1}/${total} logins sent, ${stats.answered} answered`);
    }
    await Promise.all(inFlight);
  } finally {
    forget();
    await pool.close();
  }
  stats.latencyMs = summarize(latencies);
  return stats;
}
