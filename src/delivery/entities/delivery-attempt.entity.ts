import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One HTTP request of a delivery, as it was sent (signatures and secret headers redacted) and answered. */
@Entity('delivery_attempts')
export class DeliveryAttemptEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'delivery_id' }) deliveryId: string;
  @Column('integer') attempt: number;
  @Column('integer', { name: 'status_code', nullable: true }) statusCode: number | null;
  @Column('integer', { name: 'response_time_ms', nullable: true }) responseTimeMs: number | null;
  @Column('text', { name: 'response_body', nullable: true }) responseBody: string | null;
  @Column('text', { nullable: true }) error: string | null;
  @Column('jsonb', { name: 'request_headers' }) requestHeaders: Record<string, string>;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
