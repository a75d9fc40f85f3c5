import { ApiHideProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { IsBoolean, ValidateIf } from 'class-validator';
import { IsAbsent } from '../validation/validators';
import { CreateWebhookDto } from './create-webhook.dto';

/**
 * PATCH and PUT /api/webhooks/{id}: the create fields, each optional. A field that is sent (even as null)
 * is validated, so `url` and `events` cannot be cleared; the ones that are optional on create (name,
 * description, channels, headers, the rate limit) may be null to clear them. `headers` replaces them all.
 */
export class UpdateWebhookDto extends PartialType(OmitType(CreateWebhookDto, ['secret', 'active'] as const), {
  skipNullProperties: false,
}) {
  @ApiPropertyOptional({ description: 'true re-enables a disabled webhook and clears disabled_reason' })
  @ValidateIf((_object, value) => value !== undefined)
  @IsBoolean({ message: 'active must be true or false' })
  active?: boolean;

  @ApiHideProperty()
  @IsAbsent('secret cannot be changed here; use POST /api/webhooks/{id}/rotate-secret')
  secret?: unknown;
}
