import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { type RawEnvironment, validateVariables } from './env.js';

const NODE_ENVS = ['development', 'production', 'test'] as const;
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['json', 'pretty'] as const;

const ORIGIN = String.raw`https?:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(:\d{1,5})?`;
const CORS_ORIGINS = new RegExp(String.raw`^\s*(\*|${ORIGIN}(\s*,\s*${ORIGIN})*)\s*$`);

export class AppVariables {
  @IsOptional()
  @IsIn(NODE_ENVS)
  NODE_ENV?: (typeof NODE_ENVS)[number];

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: string;

  /** `json` (one object a line) or `pretty`; default: pretty at a terminal in development. */
  @IsOptional()
  @IsIn(LOG_FORMATS)
  LOG_FORMAT?: (typeof LOG_FORMATS)[number];

  /**
   * Browser origins allowed to call the API (CORS), comma-separated, each
   * `scheme://host[:port]` with no path; `*` allows any origin. Unset: none.
   */
  @IsOptional()
  @Matches(CORS_ORIGINS, {
    message: 'CORS_ORIGINS must be * or comma-separated origins like https://app.example.com',
  })
  CORS_ORIGINS?: string;
}

/** Origins allowed to call the API from a browser: none when unset, any with `*`. */
export function parseCorsOrigins(value: string | undefined): string[] | '*' {
  const origins = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  return origins.includes('*') ? '*' : origins;
}

/** The `app` namespace: the process, its listener, its logs and CORS. */
export function readAppConfig(raw: RawEnvironment, isTty = false) {
  const env = validateVariables(AppVariables, raw);
  const nodeEnv = env.NODE_ENV ?? 'development';
  return {
    nodeEnv,
    port: env.PORT ?? 3000,
    host: env.HOST ?? '0.0.0.0',
    logLevel: env.LOG_LEVEL ?? 'info',
    // `pretty` only for a person at a terminal in development; JSON everywhere else.
    logFormat: env.LOG_FORMAT ?? (nodeEnv === 'development' && isTty ? 'pretty' : 'json'),
    corsOrigins: parseCorsOrigins(env.CORS_ORIGINS),
  };
}

export const appConfig = registerAs('app', () =>
  readAppConfig(process.env, Boolean(process.stdout.isTTY)),
);
