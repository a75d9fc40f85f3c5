/**
 * What the delivery engine may know of a webhook: where to send, how to sign, how fast, and the state of
 * its circuit. Nothing else of the webhook (and never the entity) leaves the webhooks module for delivery.
 */
export interface DeliveryTarget {
  id: string;
  userId: string;
  name: string | null;
  url: string;
  headers: Record<string, string>;
  active: boolean;
  rateLimitPerSecond: number | null;
  /** The `whsec_…` secrets to sign with now: the current one first, the previous one during its overlap. */
  secrets: string[];
  circuit: CircuitState;
}

/** A webhook's circuit breaker, as stored (see ./circuit.ts for the rule). */
export interface CircuitState {
  /** Timeouts and network errors in a row, since the receiver last answered. */
  failures: number;
  /** How many times the circuit opened without the receiver answering in between (sets the cool-down). */
  opens: number;
  /** Set while open; once past, the circuit is half-open: one probe at a time. */
  openUntil: Date | null;
}

/** What the engine tells the webhooks module about one receiver after a batch of attempts. */
export interface CircuitReport {
  webhookId: string;
  /** The receiver gave an HTTP answer (any status) in this batch. */
  answered: boolean;
  /** Timeouts and network errors after the last answer of this batch (or in all of it). */
  failuresAfterAnswer: number;
}
