import 'reflect-metadata';
import { type ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { configureApp, createAdapter } from './app.setup.js';
import { appConfig } from './config/app.config.js';
import { validateEnvironment } from './config/env.validation.js';

async function bootstrap(): Promise<void> {
  // Validate before Nest starts so a bad value is one clear line, not a stack trace.
  validateEnvironment(process.env);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(), {
    abortOnError: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  await configureApp(app);
  const { port, host } = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  await app.listen(port, host);
  app.get(Logger).log(`Listening on http://${host}:${port} (docs at /docs)`, 'Bootstrap');
}

bootstrap().catch((error: unknown) => {
  console.error(
    `social-api failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
