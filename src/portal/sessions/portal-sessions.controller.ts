import { Body, Controller, Delete, Headers, HttpCode, Inject, Post, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../auth/decorators/public.decorator';
import { Roles } from '../../auth/decorators/roles.decorator';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ApiAuthenticated, ApiErrors } from '../../common/openapi/api-errors.decorator';
import { portalUrlOf } from '../portal-url';
import { CreatePortalSessionDto, PortalSessionDto } from './dto/create-portal-session.dto';
import { ExchangePortalCodeDto, PortalTokenDto } from './dto/exchange-portal-code.dto';
import { PortalSessionsService } from './portal-sessions.service';

@ApiTags('Portal')
@Controller('portal/sessions')
export class PortalSessionsController {
  constructor(
    private readonly sessions: PortalSessionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @ApiOperation({
    summary: 'A one-time portal link for one of your users (admin)',
    description:
      'Opening `url` signs a browser in to the portal at /portal as that user, once, until `expires_at` ' +
      '(`expires_in` seconds, default 300, at most 3600). Put it behind a "Manage webhooks" button in your own UI.',
  })
  @ApiCreatedResponse({ type: PortalSessionDto })
  @ApiAuthenticated(400, 403, 404)
  create(@Body() body: CreatePortalSessionDto, @Req() req: Request): Promise<PortalSessionDto> {
    return this.sessions.create(body, portalUrlOf(req, this.config.publicUrl));
  }

  @Post('exchange')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: "The portal's own step: trades the link's single-use code for a session token",
    description:
      "The code works once; the session ends at the link's `expires_at` or on DELETE /api/portal/sessions/current.",
  })
  @ApiOkResponse({ type: PortalTokenDto })
  @ApiErrors(400, 401)
  exchange(@Body() body: ExchangePortalCodeDto): Promise<PortalTokenDto> {
    return this.sessions.exchange(body.code);
  }

  @Delete('current')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out: ends the portal session whose token is sent (a JWT or API key is left as it is)',
  })
  @ApiNoContentResponse({ description: 'The session is over' })
  @ApiAuthenticated()
  async end(@Headers('authorization') authorization: string | undefined): Promise<void> {
    await this.sessions.end(/^Bearer\s+(\S+)/i.exec(authorization ?? '')?.[1]);
  }
}
