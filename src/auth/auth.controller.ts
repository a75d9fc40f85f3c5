import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiErrors } from '../common/openapi/api-errors.decorator';
import { AuthService } from './auth.service';
import { Public } from './decorators/public.decorator';
import { LoginDto, RegisterDto, RegisteredDto, TokenDto } from './dto/credentials.dto';

@ApiTags('Auth')
@Controller('auth')
@Public()
@UseGuards(ThrottlerGuard)
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('register')
  @ApiOperation({ summary: 'Create an account (when ALLOW_REGISTRATION is on) and get a token' })
  @ApiCreatedResponse({ type: RegisteredDto })
  @ApiErrors(400, 403, 409, 429)
  register(@Body() body: RegisterDto): Promise<RegisteredDto> {
    return this.auth.register(body);
  }

  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange email and password for a JWT' })
  @ApiOkResponse({ type: TokenDto })
  @ApiErrors(400, 401, 429)
  login(@Body() body: LoginDto): Promise<TokenDto> {
    return this.auth.login(body);
  }
}
