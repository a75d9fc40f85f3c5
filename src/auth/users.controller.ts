import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from './decorators/current-user.decorator';
import { Roles } from './decorators/roles.decorator';
import type { AuthUser } from './auth-user';
import { ApiAuthenticated } from '../common/openapi/api-errors.decorator';
import { PageOf } from '../common/pagination/page';
import { PaginationQueryDto } from '../common/pagination/pagination-query.dto';
import { UpdateUserDto, UserDto } from '../users/dto/user.dto';
import { UsersService } from '../users/users.service';

@ApiTags('Users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get('me')
  @ApiOperation({ summary: 'The authenticated user' })
  @ApiAuthenticated()
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() user: AuthUser): Promise<UserDto> {
    return this.users.getDto(user.id);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'All users (admin)' })
  @ApiAuthenticated(400, 403)
  @ApiOkResponse({ type: PageOf(UserDto) })
  list(@Query() query: PaginationQueryDto) {
    return this.users.list(query);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: "Change a user's role (admin)" })
  @ApiAuthenticated(400, 403, 404)
  @ApiOkResponse({ type: UserDto })
  update(@Param('id') id: string, @Body() body: UpdateUserDto): Promise<UserDto> {
    return this.users.updateRole(id, body.role);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('admin')
  @ApiOperation({ summary: 'Delete a user with their webhooks, deliveries and API keys (admin)' })
  @ApiAuthenticated(403, 404)
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(@Param('id') id: string): Promise<void> {
    await this.users.remove(id);
  }
}
