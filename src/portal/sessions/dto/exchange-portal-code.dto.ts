import { ApiProperty } from '@nestjs/swagger';
import { TextField } from '../../../common/validation/api-fields';

export class ExchangePortalCodeDto {
  @TextField({
    description: 'The code from the fragment of a portal session URL (`#code=…`)',
    string: 'code must be the code from the portal link',
    maxLength: [128, 'code must be the code from the portal link'],
  })
  code: string;
}

export class PortalTokenDto {
  @ApiProperty({ example: 'hrlp_…', description: 'A bearer token for the portal session; Sign out ends it' })
  access_token: string;

  @ApiProperty({ example: 'Bearer' })
  token_type: 'Bearer';

  @ApiProperty({ example: 300, description: 'Seconds until the session ends' })
  expires_in: number;

  @ApiProperty({ format: 'date-time' })
  expires_at: string;
}
