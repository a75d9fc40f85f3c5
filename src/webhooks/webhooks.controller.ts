import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiAuthenticated } from '../common/openapi/api-errors.decorator';
import { PageOf } from '../common/pagination/page';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { UpdateWebhookDto } from './dto/update-webhook.dto';
import { RotatedSecretDto, WebhookDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

@ApiTags('Webhooks')
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({
    summary: 'Register a webhook; the response holds the full secret, the only time it is shown',
  })
  @ApiAuthenticated(400, 409, 422)
  @ApiCreatedResponse({ type: WebhookDto })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateWebhookDto): Promise<WebhookDto> {
    return this.webhooks.create(user.id, body);
  }

  @Get()
  @ApiOperation({ summary: 'Your webhooks, newest first, secrets masked' })
  @ApiAuthenticated(400)
  @ApiOkResponse({ type: PageOf(WebhookDto) })
  list(@CurrentUser() user: AuthUser, @Query() query: PaginationQueryDto) {
    return this.webhooks.list(user.id, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your webhooks, secret masked' })
  @ApiAuthenticated(404)
  @ApiOkResponse({ type: WebhookDto })
  get(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<WebhookDto> {
    return this.webhooks.get(user.id, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change some fields; active:true re-enables a disabled webhook' })
  @ApiAuthenticated(400, 404, 422)
  @ApiOkResponse({ type: WebhookDto })
  patch(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    return this.webhooks.update(user.id, id, body);
  }

  @Put(':id')
  @ApiOperation({ summary: 'Same as PATCH (a partial update), for clients that send PUT' })
  @ApiAuthenticated(400, 404, 422)
  @ApiOkResponse({ type: WebhookDto })
  put(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() body: UpdateWebhookDto,
  ): Promise<WebhookDto> {
    return this.webhooks.update(user.id, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook; its pending deliveries are cancelled' })
  @ApiAuthenticated(404)
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    await this.webhooks.remove(user.id, id);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the secret; the old one keeps signing too until previous_secret_expires_at',
  })
  @ApiAuthenticated(404)
  @ApiOkResponse({ type: RotatedSecretDto })
  rotateSecret(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<RotatedSecretDto> {
    return this.webhooks.rotateSecret(user.id, id);
  }
}
