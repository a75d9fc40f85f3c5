import { ApiProperty } from '@nestjs/swagger';
import { IntField, TextField } from '../../../common/validation/api-fields';

export const PORTAL_SESSION_DEFAULT_SECONDS = 300;
export const PORTAL_SESSION_MAX_SECONDS = 3600;

export class CreatePortalSessionDto {
  @TextField({
    example: 'usr_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P',
    description: 'The user the browser is signed in as',
    string: 'user_id must be a user id (usr_…)',
    maxLength: [64, 'user_id must be a user id (usr_…)'],
  })
  user_id: string;

  @IntField({
    optional: true,
    example: PORTAL_SESSION_DEFAULT_SECONDS,
    default: PORTAL_SESSION_DEFAULT_SECONDS,
    description: 'Seconds the link, and the portal session it opens, stay valid',
    int: 'expires_in must be a whole number of seconds',
    min: [1, `expires_in must be between 1 and ${PORTAL_SESSION_MAX_SECONDS} seconds`],
    max: [
      PORTAL_SESSION_MAX_SECONDS,
      `expires_in must be between 1 and ${PORTAL_SESSION_MAX_SECONDS} seconds`,
    ],
  })
  expires_in?: number;
}

export class PortalSessionDto {
  @ApiProperty({
    example: 'https://herald.example.com/portal/#code=kY3n0y6mZ3q1cJ8hXv2P4Qe7wR9tU1iO5pA6sD8fG0h',
    description:
      "Open it in the user's browser: it signs that browser in, once. The single-use code is in the fragment, which browsers never send to a server",
  })
  url: string;

  @ApiProperty({
    format: 'date-time',
    description: 'The link stops working, and the session it opened ends, then',
  })
  expires_at: string;
}
