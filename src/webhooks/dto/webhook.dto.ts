import { ApiProperty } from '@nestjs/swagger';
import { CircuitView } from '../targets/circuit';

/** The webhook's circuit breaker (docs/DELIVERY.md, "Circuit breaker"). */
export class WebhookCircuitDto {
  @ApiProperty({
    enum: ['closed', 'open', 'half_open'],
    example: 'closed',
    description:
      'closed: deliveries flow; open: nothing is sent until open_until (deliveries wait, they do not fail); half_open: one probe at a time',
  })
  state: CircuitView;
  @ApiProperty({
    example: 0,
    description: 'Timeouts and network errors in a row since the receiver last answered',
  })
  transport_failures: number;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the next probe may go',
  })
  open_until: string | null;
}

export class WebhookDto {
  @ApiProperty({ example: 'wh_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P' }) id: string;
  @ApiProperty({ nullable: true, type: String }) name: string | null;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty({ example: 'https://example.com/webhooks/herald' }) url: string;
  @ApiProperty({ type: [String], example: ['sync.completed', 'gaps.*'] }) events: string[];
  @ApiProperty({ type: [String], nullable: true }) channels: string[] | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) headers: Record<string, string>;
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: Number }) rate_limit_per_second: number | null;
  @ApiProperty({
    example: 'whsec_…Q2Pw',
    description: 'Masked (whsec_… + last 4 characters) except in the create response',
  })
  secret: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) last_triggered_at: string | null;
  @ApiProperty({
    nullable: true,
    type: Number,
    minimum: 0,
    maximum: 1,
    example: 0.9875,
    description: 'Succeeded / finished deliveries; null before the first',
  })
  success_rate: number | null;
  @ApiProperty({ example: 0 }) consecutive_failures: number;
  @ApiProperty({ nullable: true, type: String, example: null }) disabled_reason: string | null;
  @ApiProperty({ type: WebhookCircuitDto }) circuit: WebhookCircuitDto;
}

export class RotatedSecretDto {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'The new secret, in full: shown this once',
  })
  secret: string;
  @ApiProperty({
    format: 'date-time',
    description: 'Until then deliveries are signed with the old secret too',
  })
  previous_secret_expires_at: string;
}
