import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('events')
export class EventEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') type: string;
  @Column('text', { name: 'user_id', nullable: true }) userId: string | null;
  @Column('text', { array: true, nullable: true }) channels: string[] | null;
  @Column('jsonb') data: Record<string, unknown>;
  @Column('text', { name: 'publisher_id', nullable: true }) publisherId: string | null;
  @Column('text', { name: 'idempotency_key', nullable: true }) idempotencyKey: string | null;
  @Column('integer', { name: 'fanout_count' }) fanoutCount: number;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
