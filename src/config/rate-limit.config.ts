import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { type RawEnvironment, validateVariables } from './env.js';

export class RateLimitVariables {
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

/** What a budget is when its variable is unset (or blank): a limit, never off. */
export const RATE_LIMIT_DEFAULTS = { auth: 10, api: 600 } as const;

/**
 * The `rateLimit` namespace: requests a minute per client IP. Only an explicit
 * `0` turns a budget off.
 */
export function readRateLimitConfig(raw: RawEnvironment) {
  const env = validateVariables(RateLimitVariables, raw);
  return {
    /** Login, register and password change. */
    auth: env.THROTTLE_AUTH_LIMIT ?? RATE_LIMIT_DEFAULTS.auth,
    /** Every other route. */
    api: env.THROTTLE_LIMIT ?? RATE_LIMIT_DEFAULTS.api,
  };
}

export const rateLimitConfig = registerAs('rateLimit', () => readRateLimitConfig(process.env));
