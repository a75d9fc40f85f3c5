import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn, ValueTransformer } from 'typeorm';

/** PostgreSQL bigint arrives as a string; counters stay far below 2^53. */
const bigintAsNumber: ValueTransformer = {
  to: (value: number) => value,
  from: (value: string | null) => Number(value ?? 0),
};

@Entity('webhooks')
export class WebhookEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { name: 'user_id' }) userId: string;
  @Column('text', { nullable: true }) name: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @Column('text') url: string;
  @Column('text', { array: true }) events: string[];
  @Column('text', { array: true, nullable: true }) channels: string[] | null;
  @Column('jsonb', { default: {} }) headers: Record<string, string>;
  /** `v1.<iv>.<tag>.<ciphertext>` (see common/crypto); decrypted for delivery by `DeliveryTargets`. */
  @Column('text', { name: 'secret_ciphertext' }) secretCiphertext: string;
  @Column('text', { name: 'previous_secret_ciphertext', nullable: true }) previousSecretCiphertext:
    string | null;
  @Column('timestamptz', { name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt: Date | null;
  @Column('boolean', { default: true }) active: boolean;
  @Column('text', { name: 'disabled_reason', nullable: true }) disabledReason: string | null;
  @Column('integer', { name: 'rate_limit_per_second', nullable: true }) rateLimitPerSecond: number | null;
  @Column('integer', { name: 'consecutive_failures', default: 0 }) consecutiveFailures: number;
  @Column('bigint', { name: 'success_count', default: 0, transformer: bigintAsNumber }) successCount: number;
  @Column('bigint', { name: 'failure_count', default: 0, transformer: bigintAsNumber }) failureCount: number;
  @Column('timestamptz', { name: 'last_triggered_at', nullable: true }) lastTriggeredAt: Date | null;
  /** The circuit breaker's state, written by the delivery engine through `DeliveryTargets`. */
  @Column('integer', { name: 'circuit_failures', default: 0 }) circuitFailures: number;
  @Column('integer', { name: 'circuit_opens', default: 0 }) circuitOpens: number;
  @Column('timestamptz', { name: 'circuit_open_until', nullable: true }) circuitOpenUntil: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
