import { get } from '../../api/client';
import type { Stats } from '../../api/types';
import { formatMs, formatRate, formatTime } from '../../format';
import { useInterval, useLoad } from '../../hooks/use-load';

/** The delivery figures of one webhook (GET /api/webhooks/:id/stats), refreshed as deliveries happen. */
export function WebhookStats({ webhookId }: { webhookId: string }) {
  const stats = useLoad(() => get<Stats>(`/webhooks/${webhookId}/stats`), [webhookId]);
  useInterval(() => void stats.reload(), 5000);
  const s = stats.data;
  const tiles: [string, string | number][] = s
    ? [
        ['Deliveries', s.total],
        ['Succeeded', s.success],
        ['Failed', s.failed],
        ['Pending', s.pending],
        ['Success rate', formatRate(s.success_rate)],
        ['Average response', formatMs(s.avg_response_time_ms)],
        ['p95 response', formatMs(s.p95_response_time_ms)],
        ['Last delivery', formatTime(s.last_triggered_at)],
      ]
    : [];
  return (
    <section aria-labelledby="stats-heading">
      <h2 id="stats-heading">Stats</h2>
      <dl class="stats">
        {tiles.map(([label, value]) => (
          <div class="card stat" key={label}>
            <dt>{label}</dt>
            <dd class={String(value).length > 12 ? 'long' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
