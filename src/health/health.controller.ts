import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { CacheService } from '../cache/cache.service.js';
import { PublicIgnoringToken } from '../common/decorators/auth.decorator.js';
import { healthSchema } from './health.schema.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly cache: CacheService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @PublicIgnoringToken()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOperation({
    summary: 'Liveness and readiness: 503 when the database does not answer',
    description:
      'Also reports the response cache as `cache: {status: up|down|disabled, store: redis|memory|none}`. ' +
      'The API serves from the database while the cache is down, so a cache outage alone keeps 200 and `status: ok`.',
  })
  @ApiOkResponse({ description: 'The database answers', schema: healthSchema('ok') })
  @ApiServiceUnavailableResponse({
    description: 'The database does not answer',
    schema: healthSchema('error'),
  })
  async check() {
    // The cache is reported beside terminus' result, not as one of its indicators:
    // an indicator that is down turns the whole check into a 503.
    const [cache, database] = await Promise.all([
      this.cache.health(),
      // The connection is handed over, not looked up: terminus would look it up with
      // the token of an @nestjs/typeorm it imports at run time, which in the bundled
      // build (scripts/bundle.mjs) is a second copy, whose token matches nothing.
      this.health
        .check([
          () => this.database.pingCheck('database', { timeout: 1500, connection: this.dataSource }),
        ])
        .then(
          (result) => ({ result }),
          (error: unknown) => ({ error }),
        ),
    ]);
    if ('result' in database) return { ...database.result, cache };
    if (database.error instanceof ServiceUnavailableException) {
      throw new ServiceUnavailableException({ ...(database.error.getResponse() as object), cache });
    }
    throw database.error;
  }
}
