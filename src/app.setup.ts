import { BadRequestException, type INestApplication, ValidationPipe } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter.js';
import { setupSwagger } from './swagger.js';

export const BODY_LIMIT_BYTES = 64 * 1024;

export function createAdapter(): FastifyAdapter {
  return new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: true });
}

/** Everything about the HTTP surface that main.ts and the end-to-end tests share. */
export function configureApp(app: NestFastifyApplication): INestApplication {
  app.setGlobalPrefix('api', { exclude: ['health'] });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      // Objects from JSON bodies only: a prototype-polluting key is just an unknown field.
      forbidUnknownValues: true,
      exceptionFactory: (errors) =>
        new BadRequestException(errors.flatMap((e) => flattenMessages(e))),
    }),
  );
  app.useGlobalFilters(new AllExceptionsFilter(app.get(HttpAdapterHost).httpAdapter));
  app.enableShutdownHooks();
  setupSwagger(app);
  return app;
}

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

function flattenMessages(error: ValidationErrorLike, path = ''): string[] {
  const name = path ? `${path}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((m) => (path ? `${path}.${m}` : m));
  return [...own, ...(error.children ?? []).flatMap((c) => flattenMessages(c, name))];
}
