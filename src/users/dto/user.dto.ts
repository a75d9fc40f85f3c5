import { ApiProperty } from '@nestjs/swagger';
import { OneOfField } from '../../common/validation/api-fields';
import { ROLES, Role } from '../role';

export class UserDto {
  @ApiProperty({ example: 'usr_01JD3Q2W0Z8X9Y7V6T5S4R3Q2P' }) id: string;
  @ApiProperty({ example: 'ada@example.com' }) email: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class UpdateUserDto {
  @OneOfField(ROLES, { oneOf: `role must be one of ${ROLES.join(', ')}` })
  role: Role;
}
