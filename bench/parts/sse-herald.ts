import { HeraldInstance } from '../lib/herald';
import { cpuSeconds } from '../lib/rss';
import { SseTarget } from './sse-fanout';
import { publish } from './webhook-setup';

export const SSE_TYPE = 'bench.sse';

/** Herald's GET /api/events/stream (docs/API.md §7), filtered to the bench's SSE type, as an SSE target. */
export function heraldSseTarget(herald: HeraldInstance): SseTarget {
  return {
    name: 'herald',
    streamUrl: `${herald.baseUrl}/api/events/stream?types=${SSE_TYPE}`,
    streamHeaders: { authorization: `Bearer ${herald.token}` },
    publish: async (seq, t) => {
      await publish(herald, SSE_TYPE, { seq, t });
    },
    rss: () => herald.rss(),
    cpuSeconds: () => cpuSeconds(herald.pid),
  };
}
