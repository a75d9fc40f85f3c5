import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { TextField } from '../../common/validation/api-fields';
import { UserDto } from '../../users/dto/user.dto';

export class RegisterDto {
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @TextField({
    example: 'ada@example.com',
    string: 'email must be a string',
    email: 'email must be an email address',
    maxLength: [254, 'email must be at most 254 characters'],
  })
  email: string;

  @TextField({
    example: 'correct horse battery staple',
    string: 'password must be a string',
    minLength: [8, 'password must be at least 8 characters'],
    maxLength: [256, 'password must be at most 256 characters'],
  })
  password: string;
}

export class LoginDto {
  @TextField({
    example: 'ada@example.com',
    string: 'email must be a string',
    maxLength: [254, 'email must be at most 254 characters'],
  })
  email: string;

  @TextField({
    example: 'correct horse battery staple',
    string: 'password must be a string',
    maxLength: [256, 'password must be at most 256 characters'],
  })
  password: string;
}

export class TokenDto {
  @ApiProperty({ description: 'A JWT to send as "Authorization: Bearer <token>"' }) access_token: string;
  @ApiProperty({ example: 'Bearer' }) token_type: 'Bearer';
  @ApiProperty({ example: 3600, description: 'Seconds until the token expires' }) expires_in: number;
}

export class RegisteredDto extends TokenDto {
  @ApiProperty({ type: UserDto }) user: UserDto;
}
