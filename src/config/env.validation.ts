import { getMetadataStorage } from 'class-validator';
import { AppVariables, readAppConfig } from './app.config.js';
import { AuthVariables, readAuthConfig } from './auth.config.js';
import { CacheVariables, readCacheConfig } from './cache.config.js';
import { DatabaseVariables, readDatabaseConfig } from './database.config.js';
import { type RawEnvironment } from './env.js';
import { RateLimitVariables, readRateLimitConfig } from './rate-limit.config.js';
import { readRedisConfig, RedisVariables } from './redis.config.js';
import { readServicesConfig, ServicesVariables } from './services.config.js';
import { readTimelineConfig, TimelineVariables } from './timeline.config.js';

/** Every namespace's reader: each validates its own variables, then maps them. */
const NAMESPACES = [
  readAppConfig,
  readAuthConfig,
  readCacheConfig,
  readDatabaseConfig,
  readRateLimitConfig,
  readRedisConfig,
  readServicesConfig,
  readTimelineConfig,
];

/**
 * Validates every variable the app reads, once at boot (main.ts calls it
 * before Nest starts, and ConfigModule again). Throws a single-line Error
 * naming the first bad variable. Returns the environment unchanged: the
 * namespaces read it themselves, through the same rules.
 */
export function validateEnvironment(raw: Record<string, unknown>): Record<string, unknown> {
  const env = raw as RawEnvironment;
  for (const read of NAMESPACES) read(env);
  return raw;
}

/** The name of every variable the namespaces declare (README's table and .env.example list them). */
export function declaredVariables(): string[] {
  const schemas = [
    AppVariables,
    AuthVariables,
    CacheVariables,
    DatabaseVariables,
    RateLimitVariables,
    RedisVariables,
    ServicesVariables,
    TimelineVariables,
  ];
  const names = schemas.flatMap((schema) =>
    getMetadataStorage()
      .getTargetValidationMetadatas(schema, '', true, false)
      .map((rule) => rule.propertyName),
  );
  return [...new Set(names)];
}
