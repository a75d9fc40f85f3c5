import type { SseFanoutResult } from './parts/sse-fanout';
import { round } from './lib/stats';

type Row = [string, string, string];

/** The end-of-run table: measure, value, target (and whether it is met). */
export function printTable(results: Record<string, any>): void {
  const rows: Row[] = [];
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const { ceiling, delivery, latency, publish } = results;
  if (ceiling)
    rows.push([
      'ceiling (undici → receiver)',
      `${ceiling.requestsPerSecond} req/s (${ceiling.connections} conns, ${ceiling.bodyBytes} B body)`,
      '',
    ]);
  if (delivery) {
    rows.push([
      `Herald delivery (${delivery.events} ev × ${delivery.webhooks} wh)`,
      `${delivery.deliveriesPerSecond} deliveries/s (${delivery.arrived}/${delivery.expected} in ${delivery.seconds}s; ${delivery.drainDeliveriesPerSecond}/s once publishing ended)`,
      '',
    ]);
    if (delivery.cpuMsPerDelivery) {
      const c = delivery.cpuMsPerDelivery;
      rows.push([
        '  CPU ms per delivery',
        `Herald ${c.herald}, PostgreSQL ${c.postgres}, Redis ${c.redis}, receiver ${c.receiver}`,
        '',
      ]);
    }
    if (delivery.ratioToCeiling !== undefined) {
      rows.push([
        '  ratio to ceiling',
        `${round(delivery.ratioToCeiling * 100, 1)} %`,
        `≥ 30 %: ${verdict(delivery.ratioToCeiling >= 0.3)}`,
      ]);
    }
  }
  if (latency) {
    const l = latency.acceptedToArrivalMs;
    rows.push([
      `delivery latency @ ${latency.targetDeliveriesPerSecond}/s (202 → arrival)`,
      `p50 ${l.p50} / p95 ${l.p95} / p99 ${l.p99} ms (${latency.arrived}/${latency.expected})`,
      `p99 < 250 ms: ${verdict(l.p99 < 250)}`,
    ]);
  }
  if (publish) {
    rows.push([
      `publish API (${publish.connections} conns, autocannon)`,
      `${publish.requestsPerSecond} req/s, p50 ${publish.latencyMs.p50} / p99 ${publish.latencyMs.p99} ms${publish.non2xx ? `, ${publish.non2xx} non-2xx` : ''}`,
      '',
    ]);
  }
  if (publish?.cpuMsPerRequest) {
    const c = publish.cpuMsPerRequest;
    rows.push(['  CPU ms per publish', `Herald ${c.herald}, PostgreSQL ${c.postgres}, Redis ${c.redis}`, '']);
  }
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
