import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { BooleanField, IntField, TextField, TextListField } from '../../common/validation/api-fields';
import { IsEventPatterns, IsWebhookHeaders, IsWebhookSecret } from '../validation/validators';

export const MAX_URL_LENGTH = 2048;

/** POST /api/webhooks. Shape rules here (400); the URL's target and the catalog check are in the service (422). */
export class CreateWebhookDto {
  @TextField({
    example: 'https://example.com/webhooks/herald',
    description:
      'https:// (http:// only when WEBHOOK_ALLOW_HTTP=true); no credentials; must not target a private address',
    string: 'url must be a string',
    maxLength: [MAX_URL_LENGTH, `url must be at most ${MAX_URL_LENGTH} characters`],
  })
  url: string;

  @ApiProperty({
    type: [String],
    example: ['sync.completed', 'gaps.*'],
    description: 'Catalog types, "*" or "prefix.*"',
  })
  @IsEventPatterns()
  events: string[];

  @TextField({
    optional: true,
    nullable: true,
    example: 'Production sync listener',
    string: 'name must be a string',
    maxLength: [100, 'name must be at most 100 characters'],
  })
  name?: string | null;

  @TextField({
    optional: true,
    nullable: true,
    string: 'description must be a string',
    maxLength: [1000, 'description must be at most 1000 characters'],
  })
  description?: string | null;

  @TextListField({
    optional: true,
    nullable: true,
    example: ['team-a'],
    description: 'When set, only events whose channels intersect these',
    array: 'channels must be an array of strings',
    maxItems: [50, 'channels may hold at most 50 entries'],
    each: {
      string: 'each entry of channels must be a string',
      length: [1, 64, 'each entry of channels must be 1 to 64 characters'],
    },
  })
  channels?: string[] | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    example: { Authorization: 'Bearer my-token' },
    description:
      'At most 20 custom headers; reserved: host, content-length, content-type, user-agent, webhook-*, x-webhook-* and hop-by-hop headers',
  })
  @IsOptional()
  @IsWebhookHeaders()
  headers?: Record<string, string> | null;

  @ApiPropertyOptional({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    description: 'whsec_ + base64 of 24..64 bytes; generated when omitted',
  })
  @IsOptional()
  @IsWebhookSecret()
  secret?: string;

  @BooleanField({ optional: true, default: true, boolean: 'active must be true or false' })
  active?: boolean;

  @IntField({
    optional: true,
    nullable: true,
    description: 'Deliveries per second at most; null for no limit',
    int: 'rate_limit_per_second must be a whole number',
    min: [1, 'rate_limit_per_second must be between 1 and 10000'],
    max: [10000, 'rate_limit_per_second must be between 1 and 10000'],
  })
  rate_limit_per_second?: number | null;
}
