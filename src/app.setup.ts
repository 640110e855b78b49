import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppValidationPipe } from './common/pipes/app-validation.pipe.js';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter.js';
import { appConfig } from './config/app.config.js';
import { rateLimitConfig } from './config/rate-limit.config.js';
import { readServicesConfig } from './config/services.config.js';
import { JsonOnlyFastifyAdapter } from './http/json-only-adapter.js';
import { enableCors, registerSecurityHeaders } from './http/security.js';
import { RequestLog } from './logging/request-log.js';
import { registerRequestId } from './logging/request-id.js';
import { registerRateLimits } from './rate-limit/rate-limit.js';
import { RedisService } from './redis/redis.service.js';
import { setupSwagger } from './swagger.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

/**
 * The Fastify adapter, reading JSON bodies only (json-only-adapter.ts); with
 * `logger`, one log line per request goes through it (request-log.ts).
 */
export function createAdapter(logger?: Logger): FastifyAdapter {
  // X-Forwarded-For is believed only from the proxies TRUST_PROXY names (none by default):
  // from anyone else it could be forged to dodge per-IP rate limits.
  const { trustProxy } = readServicesConfig(process.env);
  return new JsonOnlyFastifyAdapter({
    ...(trustProxy.length > 0 ? { trustProxy } : {}),
    ...(logger ? { loggerInstance: logger, logController: new RequestLog() } : {}),
    bodyLimit: BODY_LIMIT_BYTES,
    // Keep a request id given by a proxy in front of us, so log lines correlate; else make one.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    // While shutting down, a request that arrives on an open keep-alive connection is
    // served (and its connection closed after it), not refused: a reload drops nothing.
    return503OnClosing: false,
  });
}

/** Everything about the HTTP surface that main.ts and the end-to-end tests share. */
export async function configureApp(app: NestFastifyApplication): Promise<INestApplication> {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  registerRequestId(app);
  registerSecurityHeaders(app);
  enableCors(app, config.corsOrigins);
  await registerRateLimits(
    app,
    app.get<ConfigType<typeof rateLimitConfig>>(rateLimitConfig.KEY),
    app.get(RedisService),
  );
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.useGlobalPipes(new AppValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(HttpAdapterHost).httpAdapter));
  setupSwagger(app);
  return app;
}
