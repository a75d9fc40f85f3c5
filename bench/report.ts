import type { DeliveryResult } from './parts/delivery';
import type { DrainResult } from './parts/drain';
import type { IsolationResult } from './parts/isolation';
import type { LoginFloodResult } from './parts/login-flood';
import type { PublishCeilingResult } from './parts/publish-ceiling';
import type { PublishResult } from './parts/publish-api';
import type { SseFanoutResult } from './parts/sse-fanout';
import type { SseIdleResult } from './parts/sse-idle';
import type { Summary } from './lib/stats';
import { round } from './lib/stats';

type Row = [string, string, string];

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
const percent = (ratio: number) => `${round(ratio * 100, 1)} %`;
export const spread = (s: Summary) =>
  s.count ? `p50 ${s.p50} / p99 ${s.p99} / max ${s.max} ms` : 'none arrived';
/** `p99 N× <reference>`, or, when some events never arrived, that no multiple can be given. */
const p99Times = (ratio: number | null, reference: string, waitSeconds: number) =>
  ratio === null ? `p99 unknown: some took > ${waitSeconds} s` : `p99 ${ratio}× ${reference}`;
/** `k/n arrived`, and what the missing ones mean for the max: they took longer than the wait. */
const arrivedOf = (l: { arrived: number; events: number }, waitSeconds: number) =>
  l.arrived >= l.events
    ? `${l.arrived}/${l.events}`
    : `${l.arrived}/${l.events}; the rest > ${waitSeconds} s`;

/** Issue 10's throughput targets: share of the ceiling at fan-out 20 and at fan-out 5 (and below). */
function deliveryTarget(webhooks: number): number {
  return webhooks >= 20 ? 0.3 : 0.15;
}

/**
 * Every figure of the run as a ratio to its ceiling or peer measured in the same run (written to the JSON
 * as `ratios`): comparable between machines and loads where the absolute figures are not.
 */
export function summaryRatios(results: Record<string, any>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const d of (results.delivery ?? []) as DeliveryResult[])
    if (d.ratioToCeiling !== undefined) out[`deliveryFanout${d.webhooks}ToCeiling`] = d.ratioToCeiling;
  const drain = results.drain as DrainResult | undefined;
  if (drain?.ratioToCeiling !== undefined) out.drainToCeiling = drain.ratioToCeiling;
  const publish = results.publish as PublishResult | undefined;
  if (publish?.ratioToCeiling !== undefined) out.publishToPublishCeiling = publish.ratioToCeiling;
  for (const i of (results.isolation ?? []) as IsolationResult[])
    out[`isolation_${i.scenario}_p99ToBaseline`] = i.p99RatioToBaseline;
  const flood = results.loginFlood as LoginFloodResult | undefined;
  if (flood) out.loginFloodP99ToQuiet = flood.p99RatioToQuiet;
  return out;
}

function deliveryRows(results: Record<string, any>): Row[] {
  const rows: Row[] = [];
  const { ceiling } = results;
  if (ceiling)
    rows.push([
      'ceiling (undici → receiver)',
      `${ceiling.requestsPerSecond} req/s (${ceiling.connections} conns, ${ceiling.bodyBytes} B body)`,
      '',
    ]);
  for (const d of (results.delivery ?? []) as DeliveryResult[]) {
    const logged = d.log.complete ? 'all logged' : `log: ${d.log.counts.success} successes`;
    rows.push([
      `Herald delivery (${d.events} ev × ${d.webhooks} wh)`,
      `${d.deliveriesPerSecond} deliveries/s (${d.arrived}/${d.expected} in ${d.seconds}s, ${logged}; ${d.drainDeliveriesPerSecond}/s once publishing ended)`,
      '',
    ]);
    if (d.cpuMsPerDelivery) {
      const c = d.cpuMsPerDelivery;
      rows.push([
        '  CPU ms per delivery',
        `Herald ${c.herald}, PostgreSQL ${c.postgres}, Redis ${c.redis}, receiver ${c.receiver}`,
        '',
      ]);
    }
    if (d.ratioToCeiling !== undefined) {
      const target = deliveryTarget(d.webhooks);
      rows.push([
        `  ratio to ceiling, fan-out ${d.webhooks}`,
        percent(d.ratioToCeiling),
        `≥ ${target * 100} %: ${verdict(d.ratioToCeiling >= target)}`,
      ]);
    }
  }
  const drain = results.drain as DrainResult | undefined;
  if (drain) {
    rows.push([
      `drain only (${drain.events} ev × ${drain.webhooks} wh pending)`,
      `${drain.deliveriesPerSecond} deliveries/s (${drain.arrived}/${drain.expected} in ${drain.drainSeconds}s, first → last arrival; worker ready in ${drain.workerStartSeconds}s)`,
      '',
    ]);
    const c = drain.cpuMsPerDelivery;
    if (c)
      rows.push([
        '  CPU ms per delivery',
        `worker ${c.herald}, PostgreSQL ${c.postgres}, Redis ${c.redis}, receiver ${c.receiver}`,
        '',
      ]);
    if (drain.ratioToCeiling !== undefined)
      rows.push([
        '  ratio to ceiling, drain',
        percent(drain.ratioToCeiling),
        `≥ 50 %: ${verdict(drain.ratioToCeiling >= 0.5)}`,
      ]);
  }
  const { latency } = results;
  if (latency) {
    // The target is publish → receipt: from sending the POST, so the publish's own latency is in it.
    const l = latency.sentToArrivalMs;
    rows.push([
      `delivery latency @ ${latency.targetDeliveriesPerSecond}/s (publish sent → arrival)`,
      `p50 ${l.p50} / p95 ${l.p95} / p99 ${l.p99} ms (${latency.arrived}/${latency.expected}); from the 202: p50 ${latency.acceptedToArrivalMs.p50} / p99 ${latency.acceptedToArrivalMs.p99} ms`,
      `p99 ≤ 100 ms: ${verdict(l.p99 <= 100)}`,
    ]);
  }
  return rows;
}

function publishRows(results: Record<string, any>): Row[] {
  const rows: Row[] = [];
  const publish = results.publish as PublishResult | undefined;
  const ceiling = results.publishCeiling as PublishCeilingResult | undefined;
  if (ceiling) {
    rows.push([
      `publish ceiling (node:http + pg, ${ceiling.postgresConnections} pg conns)`,
      `${ceiling.requestsPerSecond} req/s, p50 ${ceiling.latencyMs.p50} / p99 ${ceiling.latencyMs.p99} ms`,
      '',
    ]);
    const c = ceiling.cpuMsPerRequest;
    if (c) rows.push(['  CPU ms per request', `server ${c.server}, PostgreSQL ${c.postgres}`, '']);
  }
  if (publish) {
    rows.push([
      `publish API (${publish.connections} conns, autocannon)`,
      `${publish.requestsPerSecond} req/s, p50 ${publish.latencyMs.p50} / p99 ${publish.latencyMs.p99} ms${publish.non2xx ? `, ${publish.non2xx} non-2xx` : ''}`,
      `p99 ≤ 50 ms: ${verdict(publish.latencyMs.p99 <= 50)}`,
    ]);
    if (publish.cpuMsPerRequest) {
      const c = publish.cpuMsPerRequest;
      rows.push([
        '  CPU ms per publish',
        `Herald ${c.herald}, PostgreSQL ${c.postgres}, Redis ${c.redis}`,
        '',
      ]);
    }
    if (publish.ratioToCeiling !== undefined)
      rows.push([
        '  ratio to publish ceiling',
        percent(publish.ratioToCeiling),
        `≥ 40 %: ${verdict(publish.ratioToCeiling >= 0.4)}`,
      ]);
  }
  return rows;
}

/** The troubled webhook's circuit breaker state when its resource shows one (issue 10 asks it to). */
function circuitOf(i: IsolationResult): string {
  const circuit = i.troubledResource?.circuit as { state?: string } | undefined;
  return circuit?.state ? `, circuit ${circuit.state}` : '';
}

function troubleRows(results: Record<string, any>): Row[] {
  const rows: Row[] = [];
  for (const i of (results.isolation ?? []) as IsolationResult[]) {
    const l = i.behindBacklog.sentToArrivalMs;
    const arrived = arrivedOf(i.behindBacklog, results.options.isolationWaitSeconds);
    rows.push([
      `isolation ${i.scenario}: healthy behind ${i.backlog} (publish → receipt)`,
      `${spread(l)} (${arrived}); troubled still pending ${i.troubledAtEnd.pending}/${i.backlog}${circuitOf(i)}`,
      `every event ≤ 1 s: ${verdict(i.complete && l.max <= 1000)}`,
    ]);
    rows.push([
      '  healthy alone (same Herald, before the backlog)',
      `${spread(i.baseline.sentToArrivalMs)}; behind the backlog: ${p99Times(i.p99RatioToBaseline, 'this', results.options.isolationWaitSeconds)}`,
      '',
    ]);
  }
  const flood = results.loginFlood as LoginFloodResult | undefined;
  if (flood) {
    const statuses = Object.entries(flood.logins.byStatus)
      .map(([code, n]) => `${n}×${code}`)
      .join(', ');
    rows.push([
      `deliveries @ ${flood.deliveriesPerSecond}/s, no login flood`,
      `${spread(flood.quiet.sentToArrivalMs)} (${arrivedOf(flood.quiet, flood.waitSeconds)}); Herald CPU ${flood.quiet.heraldCpuCores} cores`,
      '',
    ]);
    rows.push([
      `  under ${flood.loginsPerSecond} wrong-password logins/s`,
      `${spread(flood.flood.sentToArrivalMs)} (${arrivedOf(flood.flood, flood.waitSeconds)}); ${p99Times(flood.p99RatioToQuiet, 'quiet', flood.waitSeconds)}; Herald CPU ${flood.flood.heraldCpuCores} cores`,
      `p99 ≤ 1.5× quiet: ${verdict(flood.p99RatioToQuiet !== null && flood.p99RatioToQuiet <= 1.5)}`,
    ]);
    rows.push([
      '  the logins',
      `${flood.logins.answered}/${flood.logins.sent} answered (${statuses}${flood.logins.errors ? `, ${flood.logins.errors} errors` : ''}), p50 ${flood.logins.latencyMs.p50} / p99 ${flood.logins.latencyMs.p99} ms`,
      '',
    ]);
  }
  return rows;
}

function sseRows(results: Record<string, any>): Row[] {
  const rows: Row[] = [];
  const sse: SseFanoutResult[] = results.sse ?? [];
  const nchan: SseFanoutResult[] = results.nchan ?? [];
  for (const r of [...sse, ...nchan]) {
    rows.push([
      `SSE ${r.target} ×${r.streams} @ ${r.eventsPerSecond} ev/s`,
      `p50 ${r.latencyMs.p50} / p99 ${r.latencyMs.p99} ms, ${r.rssPerStreamKb} KiB/stream, ${r.frames}/${r.expectedFrames} frames, CPU s server ${r.serverCpuSeconds} / clients ${r.clientCpuSeconds} in ${r.seconds}s${r.failed ? `, ${r.failed} refused` : ''}`,
      '',
    ]);
  }
  for (const h of sse) {
    const n = nchan.find((x) => x.streams === h.streams);
    if (!n) continue;
    const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : NaN);
    const p99 = ratio(h.latencyMs.p99, n.latencyMs.p99);
    rows.push([
      `Herald/Nchan ×${h.streams}`,
      `p50 ${ratio(h.latencyMs.p50, n.latencyMs.p50)}×, p99 ${p99}×, memory/stream ${ratio(h.rssPerStreamKb, n.rssPerStreamKb)}×`,
      h.streams >= 5000 ? `p99 ≤ 2×: ${verdict(p99 <= 2)}` : '',
    ]);
  }
  const idle: SseIdleResult | undefined = results.sseIdle;
  if (idle) {
    rows.push([
      `SSE idle ${idle.target} ×${idle.streams}`,
      `${idle.connected} held, RSS ${idle.rssOpenMb} MB (${idle.rssPerStreamKb} KiB/stream), one event p50 ${idle.oneEvent.latencyMs.p50} / p99 ${idle.oneEvent.latencyMs.p99} ms (${idle.oneEvent.frames} frames)` +
        (idle.heap ? `, JS heap ${round(idle.heap.bytesPerStream / 1024, 1)} KiB/stream` : ''),
      idle.streams >= 50_000
        ? `all held in ≤ 2 GiB: ${verdict(idle.connected === idle.streams && idle.rssOpenMb <= 2048)}`
        : '',
    ]);
  }
  return rows;
}

/** The end-of-run table: measure, value, target (and whether it is met). */
export function printTable(results: Record<string, any>): void {
  const rows = [
    ...deliveryRows(results),
    ...publishRows(results),
    ...troubleRows(results),
    ...sseRows(results),
  ];
  const widths = [0, 1, 2].map((i) =>
    Math.max(...rows.map((r) => r[i].length), ['measure', 'value', 'target'][i].length),
  );
  const line = (r: Row) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${line(['measure', 'value', 'target'])}`);
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  const m = results.machine;
  console.log(
    `\nmachine: ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GiB, Node ${m.node}, PostgreSQL ${m.postgres}, Redis ${m.redis}, load average at start ${m.loadAverageAtStart}`,
  );
}
