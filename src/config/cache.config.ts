import { registerAs } from '@nestjs/config';

export const cacheConfig = registerAs('cache', () => ({
  redisUrl: process.env.REDIS_URL || undefined,
  ttlSeconds: Number(process.env.CACHE_TTL || 60),
}));
