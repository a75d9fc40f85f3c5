import { Column, Entity, PrimaryColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'success' | 'failed';
export const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'success', 'failed'];

/** One event going to one webhook: the source of truth for what still has to be sent. */
@Entity('deliveries')
export class DeliveryEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'event_id' }) eventId: string;
  @Column('text', { name: 'webhook_id' }) webhookId: string;
  @Column('text', { name: 'event_type' }) eventType: string;
  @Column('text') status: DeliveryStatus;
  @Column('integer', { name: 'attempt_count' }) attemptCount: number;
  /** The attempt that opened the current retry cycle (1, or the first attempt of a redelivery). */
  @Column('integer', { name: 'retry_cycle_start' }) retryCycleStart: number;
  @Column('timestamptz', { name: 'next_attempt_at', nullable: true }) nextAttemptAt: Date | null;
  @Column('integer', { name: 'last_status_code', nullable: true }) lastStatusCode: number | null;
  @Column('integer', { name: 'last_response_time_ms', nullable: true }) lastResponseTimeMs: number | null;
  @Column('text', { name: 'last_error', nullable: true }) lastError: string | null;
  @Column('integer', { name: 'payload_size_bytes', nullable: true }) payloadSizeBytes: number | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
  @Column('timestamptz', { name: 'completed_at', nullable: true }) completedAt: Date | null;
}
