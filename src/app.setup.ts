import type { INestApplication } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppValidationPipe } from './common/pipes/app-validation.pipe.js';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter.js';
import { setupSwagger } from './swagger.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

export function createAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true });
}

/** Everything about the HTTP surface that main.ts and the end-to-end tests share. */
export function configureApp(app: NestFastifyApplication): INestApplication {
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.useGlobalPipes(new AppValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter(app.get(HttpAdapterHost).httpAdapter));
  app.enableShutdownHooks();
  setupSwagger(app);
  return app;
}
