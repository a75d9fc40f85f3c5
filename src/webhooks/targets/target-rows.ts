import type { CircuitState } from './delivery-target';

/** A webhook as a delivery target is read from it (WebhooksRepository's TARGET_COLUMNS), `circuit_*` the engine's state. */
export interface TargetRow {
  id: string;
  user_id: string;
  name: string | null;
  url: string;
  headers: Record<string, string> | null;
  active: boolean;
  rate_limit_per_second: number | null;
  secret_ciphertext: string;
  previous_secret_ciphertext: string | null;
  previous_secret_expires_at: Date | null;
  circuit_failures: number;
  circuit_opens: number;
  circuit_open_until: Date | null;
}

export function circuitOf(row: TargetRow): CircuitState {
  return { failures: row.circuit_failures, opens: row.circuit_opens, openUntil: row.circuit_open_until };
}
