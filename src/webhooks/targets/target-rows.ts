import type { CircuitState } from './delivery-target';

/** The columns a delivery target is read from, with `circuit_*` as the engine's state. */
export const TARGET_COLUMNS = `id, user_id, name, url, headers, active, rate_limit_per_second, secret_ciphertext,
  previous_secret_ciphertext, previous_secret_expires_at, circuit_failures, circuit_opens, circuit_open_until`;

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
