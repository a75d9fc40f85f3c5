import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../auth/auth-user';
import { CurrentUser } from '../auth/decorators/current-user.decorator';
import { ApiAuthenticated } from '../common/openapi/api-errors.decorator';
import { PageOf } from '../common/pagination/page';
import { DeliveriesService } from './deliveries.service';
import {
  DeliveryDetailDto,
  DeliveryDto,
  DeliveryListQueryDto,
  DeliveryStatsDto,
  RecoverDto,
  RecoverResultDto,
  RedeliverResultDto,
  WebhookTestResultDto,
} from './dto/delivery.dto';
import { WebhookTestService } from './webhook-test.service';

@ApiTags('Deliveries')
@Controller('webhooks/:id')
export class DeliveriesController {
  constructor(
    private readonly deliveries: DeliveriesService,
    private readonly tester: WebhookTestService,
  ) {}

  @Post('test')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Send a webhook.test event now and report the outcome (200 even when the receiver fails)',
  })
  @ApiAuthenticated(404)
  @ApiOkResponse({ type: WebhookTestResultDto })
  test(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<WebhookTestResultDto> {
    return this.tester.send(user.id, id);
  }

  @Get('deliveries')
  @ApiOperation({ summary: 'The delivery log of a webhook, newest first' })
  @ApiAuthenticated(400, 404)
  @ApiOkResponse({ type: PageOf(DeliveryDto) })
  list(@CurrentUser() user: AuthUser, @Param('id') id: string, @Query() query: DeliveryListQueryDto) {
    return this.deliveries.list(user.id, id, query);
  }

  @Get('deliveries/:delivery_id')
  @ApiOperation({ summary: 'One delivery with every attempt' })
  @ApiAuthenticated(404)
  @ApiOkResponse({ type: DeliveryDetailDto })
  get(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('delivery_id') deliveryId: string,
  ): Promise<DeliveryDetailDto> {
    return this.deliveries.get(user.id, id, deliveryId);
  }

  @Post('deliveries/:delivery_id/redeliver')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a finished delivery again: same payload, same webhook-id, a fresh retry schedule',
  })
  @ApiAuthenticated(404, 409)
  @ApiAcceptedResponse({ type: RedeliverResultDto })
  redeliver(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Param('delivery_id') deliveryId: string,
  ): Promise<RedeliverResultDto> {
    return this.deliveries.redeliver(user.id, id, deliveryId);
  }

  @Post('recover')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send again every failed delivery created since a time' })
  @ApiAuthenticated(400, 404, 409)
  @ApiAcceptedResponse({ type: RecoverResultDto })
  recover(
    @CurrentUser() user: AuthUser,
    @Param('id') id: string,
    @Body() body: RecoverDto,
  ): Promise<RecoverResultDto> {
    return this.deliveries.recover(user.id, id, new Date(body.since));
  }

  @Get('stats')
  @ApiOperation({ summary: 'Delivery statistics of a webhook' })
  @ApiAuthenticated(404)
  @ApiOkResponse({ type: DeliveryStatsDto })
  stats(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<DeliveryStatsDto> {
    return this.deliveries.stats(user.id, id);
  }
}
