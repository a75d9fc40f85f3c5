import { ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { UserIdentity, UsersService } from '../users/users.service';
import { LoginDto, RegisterDto, RegisteredDto, TokenDto } from './dto/credentials.dto';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async register(input: RegisterDto): Promise<RegisteredDto> {
    if (!this.config.auth.allowRegistration) {
      throw new ForbiddenException('Registration is switched off here; ask an admin for an account');
    }
    const user = await this.users.create(input.email, input.password);
    return { user, ...(await this.issueToken(user)) };
  }

  async login(input: LoginDto): Promise<TokenDto> {
    const user = await this.users.verifyCredentials(input.email, input.password);
    // One message for an unknown email and a wrong password: do not reveal who has an account.
    if (!user) throw new UnauthorizedException('Invalid email or password');
    return this.issueToken(user);
  }

  private async issueToken(user: Pick<UserIdentity, 'id'>): Promise<TokenDto> {
    const expiresIn = this.config.auth.jwtExpiresInSeconds;
    const accessToken = await this.jwt.signAsync({ sub: user.id }, { expiresIn });
    return { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn };
  }
}
