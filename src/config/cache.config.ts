import { registerAs } from '@nestjs/config';

export const cacheConfig = registerAs('cache', () => {
  const ttlSeconds = Number(process.env.CACHE_TTL || 60);
  return {
    redisUrl: process.env.REDIS_URL || undefined,
    ttlSeconds,
    // CACHE_TTL=0 turns caching off (no store, no Redis connection): the baseline
    // the cache benchmark compares against, and a switch for operators.
    enabled: ttlSeconds > 0,
  };
});
