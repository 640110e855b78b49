import { registerAs } from '@nestjs/config';
import { IsOptional, Matches } from 'class-validator';
import { type RawEnvironment, validateVariables } from './env.js';

const REDIS_URL = /^rediss?:\/\/.+/;

export class RedisVariables {
  @IsOptional()
  @Matches(REDIS_URL, { message: 'REDIS_URL must be redis://host:6379' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(REDIS_URL, { message: 'REDIS_STATE_URL must be redis://host:6379' })
  REDIS_STATE_URL?: string;
}

/**
 * The `redis` namespace: the two roles Redis plays, each a URL, or undefined
 * for process memory.
 *
 * - `cacheUrl` (REDIS_URL): the response cache. It may evict: a lost entry is
 *   only a miss.
 * - `stateUrl` (REDIS_STATE_URL, else REDIS_URL): the rate-limit counters and
 *   the timeline job queue. It must not evict (`maxmemory-policy noeviction`): an
 *   evicted counter hands an attacker a fresh budget. Falling back to REDIS_URL
 *   keeps a development set-up at one Redis; the app checks the policy at boot.
 */
export function readRedisConfig(raw: RawEnvironment) {
  const env = validateVariables(RedisVariables, raw);
  return {
    cacheUrl: env.REDIS_URL,
    stateUrl: env.REDIS_STATE_URL ?? env.REDIS_URL,
    /** Whether the state Redis was named on its own (else it is REDIS_URL's). */
    stateUrlIsOwn: env.REDIS_STATE_URL !== undefined,
  };
}

export const redisConfig = registerAs('redis', () => readRedisConfig(process.env));
