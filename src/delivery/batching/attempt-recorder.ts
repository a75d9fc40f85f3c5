import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { newId } from '../../common/ids';
import { batcher } from './batch-window';

/** The outcome of one attempt, as it is written to `deliveries` and `delivery_attempts`. */
export interface AttemptRecord {
  deliveryId: string;
  attempt: number;
  status: 'pending' | 'success' | 'failed';
  statusCode: number | null;
  responseTimeMs: number;
  responseBody: string | null;
  error: string | null;
  requestHeaders: Record<string, string>;
  nextAttemptAt: Date | null;
  completedAt: Date | null;
}

/**
 * Moves each delivery row on and inserts its attempt row — for every attempt finishing at about the same
 * time, in ONE statement (atomic by itself: no transaction round trips). A row is moved on only if it is
 * still pending at the previous attempt, and only then is its attempt inserted: a duplicate or stale job
 * records nothing and learns so (false).
 */
const RECORD_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::text[],
                         $8::text[], $9::jsonb[], $10::timestamptz[], $11::timestamptz[])
      AS t(attempt_id, delivery_id, attempt, status, status_code, response_time_ms, response_body,
           error, request_headers, next_attempt_at, completed_at)
  ), moved AS (
    UPDATE deliveries d SET status = i.status, attempt_count = i.attempt, last_status_code = i.status_code,
           last_response_time_ms = i.response_time_ms, last_error = i.error, next_attempt_at = i.next_attempt_at,
           completed_at = i.completed_at, updated_at = now()
    FROM input i
    WHERE d.id = i.delivery_id AND d.status = 'pending' AND d.attempt_count = i.attempt - 1
    RETURNING d.id
  )
  INSERT INTO delivery_attempts (id, delivery_id, attempt, status_code, response_time_ms, response_body, error, request_headers)
  SELECT i.attempt_id, i.delivery_id, i.attempt, i.status_code, i.response_time_ms, i.response_body, i.error, i.request_headers
  FROM input i JOIN moved m ON m.id = i.delivery_id
  RETURNING delivery_id`;

@Injectable()
export class AttemptRecorder {
  private readonly loader = batcher<AttemptRecord, boolean>((records) => this.recordMany(records));

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** True when this attempt was recorded; false when another worker had recorded it already. */
  record(record: AttemptRecord): Promise<boolean> {
    return this.loader.load(record);
  }

  private async recordMany(batch: readonly AttemptRecord[]): Promise<boolean[]> {
    // The same delivery twice in one batch (a duplicate job) can match only once: send the first, and
    // the others are "already recorded" without asking.
    const first = new Map<string, AttemptRecord>();
    for (const record of batch) if (!first.has(record.deliveryId)) first.set(record.deliveryId, record);
    const records = [...first.values()];
    const rows: { delivery_id: string }[] = await this.db.query(RECORD_SQL, [
      records.map(() => newId('att')),
      records.map((r) => r.deliveryId),
      records.map((r) => r.attempt),
      records.map((r) => r.status),
      records.map((r) => r.statusCode),
      records.map((r) => r.responseTimeMs),
      records.map((r) => r.responseBody),
      records.map((r) => r.error),
      records.map((r) => JSON.stringify(r.requestHeaders)),
      records.map((r) => r.nextAttemptAt),
      records.map((r) => r.completedAt),
    ]);
    const recorded = new Set(rows.map((row) => row.delivery_id));
    return batch.map((record) => first.get(record.deliveryId) === record && recorded.has(record.deliveryId));
  }
}
