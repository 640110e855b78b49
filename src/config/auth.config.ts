import { Logger } from '@nestjs/common';
import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Min, MinLength } from 'class-validator';
import { invalid, presentVariables, type RawEnvironment, validateVariables } from './env.js';
import { DEVELOPMENT_SECRET, MIN_LENGTH, weakSecretReason } from './jwt-secret.js';

export class AuthVariables {
  @IsOptional()
  @IsString()
  @MinLength(MIN_LENGTH, { message: `JWT_SECRET must be at least ${MIN_LENGTH} characters` })
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
}

/** The `auth` namespace: how access tokens are signed, and how long tokens live. */
export function readAuthConfig(raw: RawEnvironment) {
  const env = validateVariables(AuthVariables, raw);
  if (presentVariables(raw).NODE_ENV === 'production') {
    if (!env.JWT_SECRET) {
      throw invalid(
        'JWT_SECRET',
        `required (${MIN_LENGTH}+ random characters) when NODE_ENV=production`,
      );
    }
    const weakness = weakSecretReason(env.JWT_SECRET);
    if (weakness) throw invalid('JWT_SECRET', `${weakness} (NODE_ENV=production)`);
  }
  return {
    secret: env.JWT_SECRET ?? DEVELOPMENT_SECRET,
    issuer: 'social-api',
    audience: 'social-api',
    accessTtlSeconds: env.JWT_EXPIRES_IN ?? 900,
    refreshTtlSeconds: env.REFRESH_EXPIRES_IN ?? 2_592_000,
  };
}

export const authConfig = registerAs('auth', () => {
  const config = readAuthConfig(process.env);
  const { NODE_ENV, JWT_SECRET } = presentVariables(process.env);
  if (!JWT_SECRET && NODE_ENV !== 'test') {
    new Logger('Config').warn('JWT_SECRET is not set: using a development secret');
  }
  return config;
});
