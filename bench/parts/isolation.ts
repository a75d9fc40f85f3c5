import { ensureEventType, HeraldInstance, startHerald } from '../lib/herald';
import { BenchOptions, IsolationScenario } from '../lib/options';
import { Progress } from '../lib/progress';
import { p99Ratio, PacedLatency, publishBurst, publishPacedAndWait } from '../lib/publishing';
import { Receiver } from '../lib/receiver';
import { round } from '../lib/stats';
import { DeliveryCounts, registerTenant, Tenant, webhookStats } from '../lib/tenants';
import { createWebhook } from './webhook-setup';

const TROUBLED_TYPE = 'bench.troubled';
const HEALTHY_TYPE = 'bench.healthy';

export interface IsolationResult {
  scenario: IsolationScenario;
  deliveryTimeoutMs: number;
  backlog: number;
  backlogPublishSeconds: number;
  /** The healthy webhook's events with no backlog anywhere: the peer the troubled case is compared to. */
  baseline: PacedLatency;
  /** The same events published right after the troubled webhook's backlog. */
  behindBacklog: PacedLatency;
  /** Every healthy event arrived within --isolation-wait-seconds. */
  complete: boolean;
  /** The troubled webhook's delivery log when the last healthy event arrived (or the bound passed). */
  troubledAtEnd: DeliveryCounts;
  /** GET /api/webhooks/{id} of the troubled webhook at the same moment (secret masked by Herald). */
  troubledResource: Record<string, unknown>;
  /** Requests the troubled receiver got by then: hung (hang) or answered (rate-limit). */
  troubledRequestsSeen: number;
  /** behindBacklog p99 / baseline p99 (sent → arrival); null when some healthy event never arrived. */
  p99RatioToBaseline: number | null;
}

/**
 * Issue 10's isolation scenarios, on a Herald of its own (fresh database, DELIVERY_TIMEOUT_MS as asked),
 * with two tenants: one whose webhook is in trouble — its receiver hangs until the timeout (`hang`), or
 * it has `rate_limit_per_second: 1` (`rate-limit`) — and a backlog of events for it; another whose
 * healthy webhook gets events published right after that backlog. Everything goes through the public
 * API; outcomes are read from the receiver (arrival times by `webhook-id`) and the delivery log (stats).
 */
export async function runIsolation(
  options: BenchOptions,
  receiver: Receiver,
  scenario: IsolationScenario,
  settings: { env: Record<string, string> },
  progress: Progress,
): Promise<IsolationResult> {
  const label = `isolation ${scenario}`;
  const herald = await startHerald(progress, {
    env: { ...settings.env, DELIVERY_TIMEOUT_MS: String(options.isolationTimeoutMs) },
  });
  try {
    for (const type of [TROUBLED_TYPE, HEALTHY_TYPE]) await ensureEventType(herald, type);
    const troubled = await registerTenant(herald, 'troubled');
    const healthy = await registerTenant(herald, 'healthy');
    const troubledWebhook = await createWebhook(
      herald,
      {
        url: receiver.url(scenario === 'hang' ? '/hang/troubled' : '/w/troubled'),
        events: [TROUBLED_TYPE],
        name: `troubled (${scenario})`,
        ...(scenario === 'rate-limit' ? { rate_limit_per_second: 1 } : {}),
      },
      troubled.token,
    );
    await createWebhook(
      herald,
      { url: receiver.url('/w/healthy'), events: [HEALTHY_TYPE], name: 'healthy' },
      healthy.token,
    );
    await receiver.reset(true);

    progress.update(`${label}: baseline, ${options.isolationHealthyEvents} healthy events, no backlog`);
    const baseline = await healthyRun(herald, receiver, healthy, options, 30_000);

    const begin = performance.now();
    await publishBurst(herald, {
      type: TROUBLED_TYPE,
      events: options.isolationBacklog,
      concurrency: options.publishConcurrency,
      payloadBytes: options.payloadBytes,
      userId: troubled.id,
      fanout: 1,
      onProgress: (n) => progress.update(`${label}: troubled backlog ${n}/${options.isolationBacklog}`),
    });
    const backlogPublishSeconds = (performance.now() - begin) / 1000;
    progress.update(`${label}: ${options.isolationHealthyEvents} healthy events behind the backlog`);
    const behind = await healthyRun(herald, receiver, healthy, options, options.isolationWaitSeconds * 1000);
    const troubledAtEnd = await webhookStats(herald, troubledWebhook, troubled.token);
    // The resource as its owner sees it then (issue 10: a circuit breaker shows its state there).
    const troubledResource = (await herald.apiAs(troubled.token, 'GET', `/api/webhooks/${troubledWebhook}`))
      .body;
    const healthyIds = new Set([...baseline.paced.sentAt.keys(), ...behind.paced.sentAt.keys()]);
    const troubledRequestsSeen =
      scenario === 'hang'
        ? (await receiver.counts()).hung
        : behind.arrivals.ids.filter((id) => !healthyIds.has(id)).length;
    if (behind.latency.arrived < behind.latency.events)
      progress.note(
        `${label}: only ${behind.latency.arrived}/${behind.latency.events} healthy events arrived within ${options.isolationWaitSeconds}s`,
      );
    return {
      scenario,
      deliveryTimeoutMs: options.isolationTimeoutMs,
      backlog: options.isolationBacklog,
      backlogPublishSeconds: round(backlogPublishSeconds),
      baseline: baseline.latency,
      behindBacklog: behind.latency,
      complete: behind.latency.arrived >= behind.latency.events,
      troubledAtEnd,
      troubledResource,
      troubledRequestsSeen,
      p99RatioToBaseline: p99Ratio(behind.latency, baseline.latency),
    };
  } finally {
    await herald.stop();
  }
}

/** N healthy events, one every --isolation-interval-ms, and the wait (bounded) for each to arrive. */
function healthyRun(
  herald: HeraldInstance,
  receiver: Receiver,
  healthy: Tenant,
  options: BenchOptions,
  waitMs: number,
) {
  const spec = {
    type: HEALTHY_TYPE,
    events: options.isolationHealthyEvents,
    eventsPerSecond: 1000 / Math.max(1, options.isolationIntervalMs),
    payloadBytes: options.payloadBytes,
    userId: healthy.id,
  };
  return publishPacedAndWait(herald, receiver, spec, waitMs);
}
