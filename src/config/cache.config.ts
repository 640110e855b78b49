import { registerAs } from '@nestjs/config';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { type RawEnvironment, validateVariables } from './env.js';

export class CacheVariables {
  /** Seconds a cached read may live; 0 turns caching off. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  CACHE_TTL?: number;
}

/** The `cache` namespace: how long cached reads live. Where they live is the `redis` namespace. */
export function readCacheConfig(raw: RawEnvironment) {
  const ttlSeconds = validateVariables(CacheVariables, raw).CACHE_TTL ?? 60;
  return {
    ttlSeconds,
    // CACHE_TTL=0 turns caching off (no store, no Redis connection): the baseline
    // the cache benchmark compares against, and a switch for operators.
    enabled: ttlSeconds > 0,
  };
}

export const cacheConfig = registerAs('cache', () => readCacheConfig(process.env));
