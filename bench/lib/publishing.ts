import { nowMs, pollUntil, sleep } from './clock';
import { HeraldInstance } from './herald';
import { eventData } from './payload';
import { Receiver } from './receiver';
import { round, summarize, Summary } from './stats';

type Arrivals = { ids: string[]; times: number[] };

/** POST /api/events as the admin; resolves with the event id on 202. `extra`: the event's user_id. */
export async function publish(
  herald: HeraldInstance,
  type: string,
  data: Record<string, unknown>,
  extra: { user_id?: string } = {},
): Promise<{ id: string; deliveries: number }> {
  const r = await herald.api<{ id: string; deliveries: number }>('POST', '/api/events', {
    type,
    data,
    ...extra,
  });
  if (r.status !== 202)
    throw new Error(`publish ${type}: ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

export interface BurstSpec {
  type: string;
  events: number;
  concurrency: number;
  payloadBytes: number;
  userId?: string;
  /** Every event must fan out to exactly this many webhooks (a wrong set-up fails loudly). */
  fanout: number;
  onProgress?: (published: number) => void;
}

/** `events` events as fast as `concurrency` closed-loop publishers can get them accepted. */
export async function publishBurst(herald: HeraldInstance, spec: BurstSpec): Promise<void> {
  let next = 0;
  let published = 0;
  const extra = spec.userId ? { user_id: spec.userId } : {};
  const publisher = async () => {
    while (next < spec.events) {
      const seq = next++;
      const body = await publish(herald, spec.type, eventData(seq, spec.payloadBytes, nowMs()), extra);
      if (body.deliveries !== spec.fanout)
        throw new Error(
          `${spec.type}: event fanned out to ${body.deliveries} webhooks, expected ${spec.fanout}`,
        );
      spec.onProgress?.(++published);
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, publisher));
}

export interface PacedSpec {
  type: string;
  events: number;
  eventsPerSecond: number;
  payloadBytes: number;
  userId?: string;
  onProgress?: (sent: number) => void;
}

export interface PacedPublish {
  /** Event id → when its POST was sent / when its 202 was read (nowMs). */
  sentAt: Map<string, number>;
  acceptedAt: Map<string, number>;
  errors: number;
}

/**
 * Open-loop publishing at a steady rate: events are sent on schedule whether or not earlier ones have been
 * answered, so a slow server shows as latency rather than as a lower offered rate.
 */
export async function publishPaced(herald: HeraldInstance, spec: PacedSpec): Promise<PacedPublish> {
  const result: PacedPublish = { sentAt: new Map(), acceptedAt: new Map(), errors: 0 };
  const extra = spec.userId ? { user_id: spec.userId } : {};
  const inFlight: Promise<void>[] = [];
  const begin = performance.now();
  for (let seq = 0; seq < spec.events; seq++) {
    const wait = begin + (seq * 1000) / spec.eventsPerSecond - performance.now();
    if (wait > 1) await sleep(wait);
    const sent = nowMs();
    inFlight.push(
      publish(herald, spec.type, eventData(seq, spec.payloadBytes, sent), extra).then(
        ({ id }) => {
          result.acceptedAt.set(id, nowMs());
          result.sentAt.set(id, sent);
        },
        () => void result.errors++,
      ),
    );
    spec.onProgress?.(seq + 1);
  }
  await Promise.all(inFlight);
  return result;
}

export interface ArrivalLatencies {
  /** Publish POST sent → request arrived at the receiver, ms, one per delivery of these events. */
  fromSent: number[];
  /** Publish 202 read → arrival, ms (0 when the delivery came before the 202 was read). */
  fromAccepted: number[];
  arrivedBeforeAccepted: number;
}

/** Matches the receiver's recorded arrivals (by `webhook-id` = event id) to the publishes of `paced`. */
export function arrivalLatencies(arrivals: Arrivals, paced: PacedPublish): ArrivalLatencies {
  const out: ArrivalLatencies = { fromSent: [], fromAccepted: [], arrivedBeforeAccepted: 0 };
  for (let i = 0; i < arrivals.ids.length; i++) {
    const sent = paced.sentAt.get(arrivals.ids[i]);
    const accepted = paced.acceptedAt.get(arrivals.ids[i]);
    if (sent === undefined || accepted === undefined) continue;
    const latency = arrivals.times[i] - accepted;
    if (latency < 0) out.arrivedBeforeAccepted++;
    out.fromAccepted.push(Math.max(0, latency));
    out.fromSent.push(arrivals.times[i] - sent);
  }
  return out;
}

export interface PacedLatency {
  events: number;
  /** Events of which at least one delivery arrived within the wait. */
  arrived: number;
  /** Publish POST sent → the receiver got it; 202 read → got it. */
  sentToArrivalMs: Summary;
  acceptedToArrivalMs: Summary;
}

/**
 * measured p99 / reference p99 (publish sent → arrival), or null when some of the measured events never
 * arrived within the wait: their latency, and so the p99, is then only known to exceed the wait.
 */
export function p99Ratio(measured: PacedLatency, reference: PacedLatency): number | null {
  if (measured.arrived < measured.events || !reference.sentToArrivalMs.count) return null;
  return round(measured.sentToArrivalMs.p99 / Math.max(0.01, reference.sentToArrivalMs.p99), 2);
}

/**
 * `publishPaced`, then a bounded wait until every accepted event has reached the receiver (which must be
 * recording), and the publish → arrival latencies of those events. Earlier arrivals of other events in the
 * same recording are ignored (matched by `webhook-id`).
 */
export async function publishPacedAndWait(
  herald: HeraldInstance,
  receiver: Receiver,
  spec: PacedSpec,
  waitMs: number,
): Promise<{ paced: PacedPublish; arrivals: Arrivals; latency: PacedLatency }> {
  const paced = await publishPaced(herald, spec);
  let arrivals = await receiver.arrivals();
  const arrivedOf = () => new Set(arrivals.ids.filter((id) => paced.sentAt.has(id))).size;
  await pollUntil(
    async () => {
      arrivals = await receiver.arrivals();
      return arrivedOf() >= paced.sentAt.size;
    },
    waitMs,
    100,
  );
  const latencies = arrivalLatencies(arrivals, paced);
  return {
    paced,
    arrivals,
    latency: {
      events: spec.events - paced.errors,
      arrived: arrivedOf(),
      sentToArrivalMs: summarize(latencies.fromSent),
      acceptedToArrivalMs: summarize(latencies.fromAccepted),
    },
  };
}
