/** The shapes of Herald's public API that the portal reads (see /api/docs). */

export interface Page<T> {
  data: T[];
  page: number;
  limit: number;
  total: number;
}

export interface User {
  id: string;
  email: string;
  role: string;
}

export interface Webhook {
  id: string;
  name: string | null;
  description: string | null;
  url: string;
  events: string[];
  channels: string[] | null;
  headers: Record<string, string> | null;
  active: boolean;
  rate_limit_per_second: number | null;
  secret: string;
  created_at: string;
  last_triggered_at: string | null;
  success_rate: number | null;
  consecutive_failures: number;
  disabled_reason: string | null;
}

/** The fields a person edits: create and PATCH take the same ones. */
export interface WebhookInput {
  url: string;
  events: string[];
  name: string | null;
  description: string | null;
  channels: string[] | null;
  headers: Record<string, string> | null;
  rate_limit_per_second: number | null;
}

export type DeliveryStatus = 'success' | 'failed' | 'pending';

export interface Delivery {
  id: string;
  event_id: string;
  event: string;
  status: DeliveryStatus;
  status_code: number | null;
  response_time_ms: number | null;
  attempts: number;
  error: string | null;
  triggered_at: string;
  completed_at: string | null;
}

export interface Attempt {
  attempt: number;
  status_code: number | null;
  response_time_ms: number | null;
  response_body: string | null;
  error: string | null;
  request_headers: Record<string, string>;
  created_at: string;
}

export interface DeliveryDetail extends Omit<Delivery, 'attempts'> {
  attempts: Attempt[];
  attempt_count: number;
}

export interface TestResult {
  delivered: boolean;
  status_code: number | null;
  response_time_ms: number;
  response_body: string | null;
  error: string | null;
}

export interface Stats {
  total: number;
  success: number;
  failed: number;
  pending: number;
  success_rate: number | null;
  avg_response_time_ms: number | null;
  p95_response_time_ms: number | null;
  last_triggered_at: string | null;
}

export interface EventType {
  type: string;
  description: string;
  schema?: unknown;
}

export interface HeraldEvent {
  id: string;
  type: string;
  user_id: string | null;
  data: unknown;
  created_at: string;
}
