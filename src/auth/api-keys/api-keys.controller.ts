import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ApiAuthenticated } from '../../common/openapi/api-errors.decorator';
import { PageOf } from '../../common/pagination/page';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto';
import type { AuthUser } from '../auth-user';
import { CurrentUser } from '../decorators/current-user.decorator';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyDto, CreateApiKeyDto, CreatedApiKeyDto } from './dto/api-key.dto';

@ApiTags('API keys')
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key; the key is in this response only' })
  @ApiAuthenticated(400)
  @ApiCreatedResponse({ type: CreatedApiKeyDto })
  create(@CurrentUser() user: AuthUser, @Body() body: CreateApiKeyDto): Promise<CreatedApiKeyDto> {
    return this.apiKeys.create(user.id, body);
  }

  @Get()
  @ApiOperation({ summary: 'Your API keys, without the keys themselves' })
  @ApiAuthenticated(400)
  @ApiOkResponse({ type: PageOf(ApiKeyDto) })
  list(@CurrentUser() user: AuthUser, @Query() query: PaginationQueryDto) {
    return this.apiKeys.list(user.id, query);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an API key; it stops working at once' })
  @ApiAuthenticated(404)
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@CurrentUser() user: AuthUser, @Param('id') id: string): Promise<void> {
    await this.apiKeys.remove(user.id, id);
  }
}
