import { ApiProperty } from '@nestjs/swagger';
import { EVENT_TYPE_REGEX } from '../../catalog/type-pattern';
import { DateTimeField, OneOfField, TextField } from '../../common/validation/api-fields';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import { DELIVERY_STATUSES, DeliveryStatus } from '../entities/delivery.entity';

export class DeliveryListQueryDto extends PaginationQueryDto {
  @OneOfField(DELIVERY_STATUSES, {
    optional: true,
    oneOf: `status must be one of ${DELIVERY_STATUSES.join(', ')}`,
  })
  status?: DeliveryStatus;

  @TextField({
    optional: true,
    description: 'Only deliveries of this event type',
    example: 'sync.completed',
    string: 'event must be an event type such as sync.completed',
    pattern: [EVENT_TYPE_REGEX, 'event must be an event type such as sync.completed'],
  })
  event?: string;
}

/** The fields a log row and the single-delivery view share. */
export class DeliveryFieldsDto {
  @ApiProperty({ example: 'dlv_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P' }) id: string;
  @ApiProperty({ example: 'evt_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P' }) event_id: string;
  @ApiProperty({ example: 'sync.completed' }) event: string;
  @ApiProperty({ enum: DELIVERY_STATUSES }) status: DeliveryStatus;
  @ApiProperty({ type: Number, nullable: true, description: 'HTTP status of the last attempt' }) status_code:
    number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Response time of the last attempt' })
  response_time_ms: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed' }) error:
    string | null;
  @ApiProperty({ format: 'date-time' }) triggered_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completed_at: string | null;
  @ApiProperty({ type: Number, nullable: true }) payload_size_bytes: number | null;
}

/** A row of the delivery log (docs/API.md §5). */
export class DeliveryDto extends DeliveryFieldsDto {
  @ApiProperty({ description: 'Attempts made so far' }) attempts: number;
}

export class DeliveryAttemptDto {
  @ApiProperty({ example: 1 }) attempt: number;
  @ApiProperty({ type: Number, nullable: true }) status_code: number | null;
  @ApiProperty({ type: Number, nullable: true }) response_time_ms: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The first 4 KiB of the response body' })
  response_body: string | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Headers sent; signatures and credentials redacted',
  })
  request_headers: Record<string, string>;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

/** One delivery with every attempt; `attempt_count` keeps the number the list shows as `attempts`. */
export class DeliveryDetailDto extends DeliveryFieldsDto {
  @ApiProperty({ type: [DeliveryAttemptDto] }) attempts: DeliveryAttemptDto[];
  @ApiProperty() attempt_count: number;
}

export class RecoverDto {
  @DateTimeField({
    description: 'Failed deliveries created at or after this time are sent again',
    dateTime: 'since must be an ISO-8601 date-time, e.g. 2026-03-01T00:00:00Z',
  })
  since: string;
}

export class RecoverResultDto {
  @ApiProperty({ example: 3 }) redelivered: number;
}

export class RedeliverResultDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['pending'] }) status: 'pending';
  @ApiProperty({ description: 'The number of the attempt that was queued' }) attempt: number;
}

export class WebhookTestResultDto {
  @ApiProperty() delivered: boolean;
  @ApiProperty({ type: Number, nullable: true }) status_code: number | null;
  @ApiProperty() response_time_ms: number;
  @ApiProperty({ type: String, nullable: true }) response_body: string | null;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class DeliveryStatsDto {
  @ApiProperty() total: number;
  @ApiProperty() success: number;
  @ApiProperty() failed: number;
  @ApiProperty() pending: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'success / (success + failed), 0..1; null before any finished',
  })
  success_rate: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Over every attempt that got an answer or timed out',
  })
  avg_response_time_ms: number | null;
  @ApiProperty({ type: Number, nullable: true }) p95_response_time_ms: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) last_triggered_at: string | null;
}
