import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppValidationPipe } from './common/pipes/app-validation.pipe.js';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter.js';
import { appConfig } from './config/app.config.js';
import { registerRateLimits } from './rate-limit/rate-limit.js';
import { setupSwagger } from './swagger.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

export function createAdapter(): FastifyAdapter {
  // X-Forwarded-For is not trusted: anyone could forge it to dodge per-IP rate limits.
  return new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Keep a request id given by a proxy in front of us, so log lines correlate; else make one.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
  });
}

/** Everything about the HTTP surface that main.ts and the end-to-end tests share. */
export async function configureApp(app: NestFastifyApplication): Promise<INestApplication> {
  const config = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  await registerRateLimits(app, { auth: config.throttleAuthLimit, api: config.throttleLimit });
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.useGlobalPipes(new AppValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(HttpAdapterHost).httpAdapter));
  app.enableShutdownHooks();
  setupSwagger(app);
  return app;
}
