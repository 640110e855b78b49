import { registerAs } from '@nestjs/config';

export const appConfig = registerAs('app', () => ({
  nodeEnv: process.env.NODE_ENV ?? 'development',
  port: Number(process.env.PORT || 3000),
  host: process.env.HOST || '0.0.0.0',
  logLevel: process.env.LOG_LEVEL || 'info',
  throttleAuthLimit: Number(process.env.THROTTLE_AUTH_LIMIT ?? 10),
  throttleLimit: Number(process.env.THROTTLE_LIMIT ?? 600),
}));
