import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../auth/decorators/public.decorator';
import { ErrorBody } from '../common/errors/error-body';
import { notReady } from './readiness';
import { RedisHealthIndicator } from './redis.health';

@ApiTags('Health')
@Controller('health')
@Public()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Redis answer (503 when either does not)' })
  @ApiServiceUnavailableResponse({
    description: 'PostgreSQL or Redis does not answer: the message names which, `details` has each component',
    type: ErrorBody,
  })
  async ready() {
    try {
      return await this.health.check([
        () => this.database.pingCheck('postgres', { timeout: 2000 }),
        () => this.redis.isHealthy('redis'),
      ]);
    } catch (error) {
      if (error instanceof ServiceUnavailableException)
        throw notReady(error.getResponse() as HealthCheckResult);
      throw error;
    }
  }
}
