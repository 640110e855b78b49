import 'reflect-metadata';
import { type ConfigType } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { type NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { configureApp, createAdapter } from './app.setup.js';
import { appConfig, readAppConfig } from './config/app.config.js';
import { validateEnvironment } from './config/env.validation.js';
import { createLogger } from './logging/logger.js';
import { PinoNestLogger } from './logging/nest-logger.js';
import { exitGracefullyOnSignals } from './shutdown/graceful-shutdown.js';

async function bootstrap(): Promise<void> {
  // Validate before Nest starts so a bad value is one clear line, not a stack trace.
  validateEnvironment(process.env);
  const pino = createLogger(readAppConfig(process.env, Boolean(process.stdout.isTTY)));
  const logger = new PinoNestLogger(pino);
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(pino), {
    abortOnError: false,
    logger,
  });
  await configureApp(app);
  const { port, host } = app.get<ConfigType<typeof appConfig>>(appConfig.KEY);
  exitGracefullyOnSignals(app, logger);
  await app.listen(port, host);
  logger.log(`Listening on http://${host}:${port} (docs at /docs)`, 'Bootstrap');
  // PM2 (wait_ready) starts routing to this worker, and stops the old one on a reload, only now.
  process.send?.('ready');
}

bootstrap().catch((error: unknown) => {
  console.error(
    `social-api failed to start: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
});
