import { ApiHideProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { IsAbsent, IsEventPatterns, IsWebhookHeaders } from '../validation/validators';
import { MAX_URL_LENGTH } from './create-webhook.dto';

/** Present (even as null) means "validate it": url, events and active cannot be cleared. */
const IfSent = () => ValidateIf((_object, value) => value !== undefined);

/** PATCH and PUT /api/webhooks/{id}: every field optional; name, description, channels, headers and the rate limit may be null to clear. */
export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://example.com/webhooks/herald', maxLength: MAX_URL_LENGTH })
  @IfSent()
  @IsString({ message: 'url must be a string' })
  @MaxLength(MAX_URL_LENGTH, { message: `url must be at most ${MAX_URL_LENGTH} characters` })
  url?: string;

  @ApiPropertyOptional({ type: [String], example: ['sync.*'] })
  @IfSent()
  @IsEventPatterns()
  events?: string[];

  @ApiPropertyOptional({ maxLength: 100, nullable: true, type: String })
  @IsOptional()
  @IsString({ message: 'name must be a string' })
  @MaxLength(100, { message: 'name must be at most 100 characters' })
  name?: string | null;

  @ApiPropertyOptional({ maxLength: 1000, nullable: true, type: String })
  @IsOptional()
  @IsString({ message: 'description must be a string' })
  @MaxLength(1000, { message: 'description must be at most 1000 characters' })
  description?: string | null;

  @ApiPropertyOptional({ type: [String], nullable: true })
  @IsOptional()
  @IsArray({ message: 'channels must be an array of strings' })
  @ArrayMaxSize(50, { message: 'channels may hold at most 50 entries' })
  @IsString({ each: true, message: 'each entry of channels must be a string' })
  @Length(1, 64, { each: true, message: 'each entry of channels must be 1 to 64 characters' })
  channels?: string[] | null;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string' },
    nullable: true,
    description: 'Replaces all custom headers',
  })
  @IsOptional()
  @IsWebhookHeaders()
  headers?: Record<string, string> | null;

  @ApiPropertyOptional({ description: 'true re-enables a disabled webhook and clears disabled_reason' })
  @IfSent()
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 10000, nullable: true, type: Number })
  @IsOptional()
  @IsInt({ message: 'rate_limit_per_second must be a whole number' })
  @Min(1, { message: 'rate_limit_per_second must be between 1 and 10000' })
  @Max(10000, { message: 'rate_limit_per_second must be between 1 and 10000' })
  rate_limit_per_second?: number | null;

  @ApiHideProperty()
  @IsAbsent('secret cannot be changed here; use POST /api/webhooks/{id}/rotate-secret')
  secret?: unknown;
}
