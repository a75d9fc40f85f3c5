import { setTimeout as sleep } from 'node:timers/promises';
import { AppConfig } from '../../config/app-config';
import { probePostgres } from '../../database/postgres-probe';
import { displayUrl } from '../../logging/display-url';
import { probeRedis } from '../../redis/redis-probe';
import { ProbeResult } from '../../common/probe/probe-result';

/** A backing service as start-up names it to the person reading the terminal. */
export interface BackingService {
  name: string;
  variable: string;
  url: string;
  probe(url: string, timeoutMs: number): Promise<ProbeResult>;
}

export function backingServices(config: AppConfig): BackingService[] {
  return [
    { name: 'PostgreSQL', variable: 'DATABASE_URL', url: config.database.url, probe: probePostgres },
    { name: 'Redis', variable: 'REDIS_URL', url: config.redis.url, probe: probeRedis },
  ];
}

/** Thrown when start-up gives up; its message is the one line to print. */
export class StartupError extends Error {}

const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 5_000;
const PROBE_TIMEOUT_MS = 5_000;

export interface WaitOptions {
  timeoutMs: number;
  /** Receives the lines a person should read (not reachable, reachable again). */
  say: (line: string) => void;
  signal?: AbortSignal;
}

export const unreachableLine = (service: BackingService, reason: string) =>
  `${service.name} is not reachable at ${displayUrl(service.url)} (${service.variable}): start it, or point ` +
  `${service.variable} at one (${reason})`;

/**
 * Waits until every service answers, retrying with exponential backoff (250 ms doubling to 5 s) for at
 * most `timeoutMs`. Says once per service that it is not reachable, and once that it is back; throws a
 * StartupError when the time is up or when a service refuses the settings (wrong password, bad database).
 */
export async function waitForServices(services: BackingService[], options: WaitOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  await Promise.all(services.map((service) => waitForOne(service, deadline, options)));
}

async function waitForOne(service: BackingService, deadline: number, options: WaitOptions): Promise<void> {
  let delay = FIRST_DELAY_MS;
  let told = false;
  for (;;) {
    options.signal?.throwIfAborted();
    // One attempt never outlasts the time left (an address that drops packets would wait for a TCP timeout).
    const result = await service.probe(service.url, clamp(deadline - Date.now()));
    if (result.ok) {
      if (told) options.say(`${service.name} is reachable at ${displayUrl(service.url)}`);
      return;
    }
    if (!result.retry) {
      throw new StartupError(
        `${service.name} at ${displayUrl(service.url)} refused the settings in ${service.variable}: ${result.reason}`,
      );
    }
    if (!told) {
      options.say(
        `${unreachableLine(service, result.reason)}; retrying for ${seconds(options.timeoutMs)} (STARTUP_TIMEOUT_MS)`,
      );
      told = true;
    }
    const left = deadline - Date.now();
    if (left <= 0) {
      throw new StartupError(
        `gave up: ${service.name} is still not reachable at ${displayUrl(service.url)} (${service.variable}) after ${seconds(options.timeoutMs)}`,
      );
    }
    await sleep(Math.min(delay, left), undefined, { signal: options.signal });
    delay = Math.min(delay * 2, MAX_DELAY_MS);
  }
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
const clamp = (leftMs: number) => Math.max(500, Math.min(PROBE_TIMEOUT_MS, leftMs));
