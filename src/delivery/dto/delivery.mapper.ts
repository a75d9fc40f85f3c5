import { DeliveryAttemptEntity } from '../entities/delivery-attempt.entity';
import { DeliveryEntity } from '../entities/delivery.entity';
import { DeliveryAttemptDto, DeliveryDetailDto, DeliveryDto, DeliveryFieldsDto } from './delivery.dto';

function mapFields(row: DeliveryEntity): DeliveryFieldsDto {
  return {
    id: row.id,
    event_id: row.eventId,
    event: row.eventType,
    status: row.status,
    status_code: row.lastStatusCode,
    response_time_ms: row.lastResponseTimeMs,
    error: row.lastError,
    triggered_at: row.createdAt.toISOString(),
    completed_at: row.completedAt?.toISOString() ?? null,
    payload_size_bytes: row.payloadSizeBytes,
  };
}

export function mapDelivery(row: DeliveryEntity): DeliveryDto {
  return { ...mapFields(row), attempts: row.attemptCount };
}

export function mapAttempt(row: DeliveryAttemptEntity): DeliveryAttemptDto {
  return {
    attempt: row.attempt,
    status_code: row.statusCode,
    response_time_ms: row.responseTimeMs,
    response_body: row.responseBody,
    error: row.error,
    request_headers: row.requestHeaders,
    created_at: row.createdAt.toISOString(),
  };
}

export function mapDeliveryDetail(row: DeliveryEntity, attempts: DeliveryAttemptEntity[]): DeliveryDetailDto {
  return { ...mapFields(row), attempts: attempts.map(mapAttempt), attempt_count: row.attemptCount };
}
