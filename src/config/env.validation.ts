import 'reflect-metadata';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';
import { readTimelineConfig } from './timeline.config.js';

const ORIGIN = String.raw`https?:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\])(:\d{1,5})?`;
const CORS_ORIGINS = new RegExp(String.raw`^\s*(\*|${ORIGIN}(\s*,\s*${ORIGIN})*)\s*$`);

/**
 * Every environment variable the app reads, with its rule. Validated once at
 * boot; a bad value stops the process with a one-line reason.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(1)
  HOST?: string;

  @IsOptional()
  @Matches(/^((mysql|mariadb):\/\/.+|sqlite:.+)$/, {
    message: 'DATABASE_URL must be mysql://user:pass@host:3306/db or sqlite:PATH',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/.+/, { message: 'REDIS_URL must be redis://host:6379' })
  REDIS_URL?: string;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  JWT_EXPIRES_IN?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  REFRESH_EXPIRES_IN?: number;

  /** Seconds a cached read may live; 0 turns caching off. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  CACHE_TTL?: number;

  @IsOptional()
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL?: string;

  /** `json` (one object a line) or `pretty`; default: pretty at a terminal in development. */
  @IsOptional()
  @IsIn(['json', 'pretty'])
  LOG_FORMAT?: string;

  /**
   * Browser origins allowed to call the API (CORS), comma-separated, each
   * `scheme://host[:port]` with no path; `*` allows any origin. Unset: none.
   */
  @IsOptional()
  @Matches(CORS_ORIGINS, {
    message: 'CORS_ORIGINS must be * or comma-separated origins like https://app.example.com',
  })
  CORS_ORIGINS?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  THROTTLE_AUTH_LIMIT?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  THROTTLE_LIMIT?: number;
}

/** Throws a single-line Error naming the first bad variable. */
export function validateEnvironment(raw: Record<string, unknown>): Record<string, unknown> {
  // Empty strings count as unset, as most process managers write them for blanks.
  const present = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== ''));
  const env = plainToInstance(EnvironmentVariables, present, { enableImplicitConversion: false });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const first = errors[0];
    const reason = Object.values(first.constraints ?? {})[0] ?? 'is invalid';
    throw new Error(`Invalid environment: ${first.property}: ${reason}`);
  }
  readTimelineConfig(raw);
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    throw new Error(
      'Invalid environment: JWT_SECRET: required (32+ characters) when NODE_ENV=production',
    );
  }
  return { ...raw, ...env };
}
