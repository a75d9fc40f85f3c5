import type { CircuitState } from './delivery-target';

/**
 * The circuit breaker, per webhook (docs/DELIVERY.md, "Circuit breaker"):
 * - closed: deliveries flow, up to DELIVERY_MAX_IN_FLIGHT_PER_WEBHOOK at once;
 * - open, after DELIVERY_CIRCUIT_THRESHOLD timeouts or network errors in a row: nothing is sent until
 *   `openUntil` (the cool-down, DELIVERY_CIRCUIT_COOLDOWN_MS doubled at each re-open, at most 64×); the
 *   deliveries wait, they are neither attempted nor failed;
 * - half-open, once the cool-down has passed: one attempt at a time (the probe). Any HTTP answer closes the
 *   circuit; another timeout or network error opens it again with twice the cool-down.
 * An HTTP error status is an answer: a receiver that answers quickly, even with 500, costs no worker time,
 * and its deliveries follow the retry schedule.
 */
export type CircuitView = 'closed' | 'open' | 'half_open';

export function circuitView(circuit: CircuitState, now = new Date()): CircuitView {
  if (!circuit.openUntil) return 'closed';
  return circuit.openUntil > now ? 'open' : 'half_open';
}

/** How many attempts a webhook may have in flight now, given its circuit. */
export function circuitCap(circuit: CircuitState, maxInFlight: number, now = new Date()): number {
  const view = circuitView(circuit, now);
  if (view === 'open') return 0;
  return view === 'half_open' ? 1 : maxInFlight;
}

/** A timeout, refused or reset connection, or blocked address: the receiver gave no HTTP answer. */
export const isTransportFailure = (statusCode: number | null) => statusCode === null;
