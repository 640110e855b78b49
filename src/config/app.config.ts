import { registerAs } from '@nestjs/config';

/** Origins allowed to call the API from a browser: none when unset, any with `*`. */
export function parseCorsOrigins(value: string | undefined): string[] | '*' {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return origins.includes('*') ? '*' : origins;
}

/** `pretty` only for a person at a terminal in development; JSON everywhere else. */
export function resolveLogFormat(env: NodeJS.ProcessEnv, isTty: boolean): 'json' | 'pretty' {
  if (env.LOG_FORMAT === 'json' || env.LOG_FORMAT === 'pretty') return env.LOG_FORMAT;
  return (env.NODE_ENV ?? 'development') === 'development' && isTty ? 'pretty' : 'json';
}

export const appConfig = registerAs('app', () => ({
  nodeEnv: process.env.NODE_ENV ?? 'development',
  port: Number(process.env.PORT || 3000),
  host: process.env.HOST || '0.0.0.0',
  logLevel: process.env.LOG_LEVEL || 'info',
  logFormat: resolveLogFormat(process.env, Boolean(process.stdout.isTTY)),
  corsOrigins: parseCorsOrigins(process.env.CORS_ORIGINS),
  throttleAuthLimit: Number(process.env.THROTTLE_AUTH_LIMIT ?? 10),
  throttleLimit: Number(process.env.THROTTLE_LIMIT ?? 600),
}));
