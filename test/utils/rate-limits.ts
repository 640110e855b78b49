import { Redis } from 'ioredis';
import { readRedisConfig } from '../../src/config/redis.config.js';
import { RATE_LIMIT_KEY_PREFIX } from '../../src/rate-limit/redis-counters.js';

/**
 * Deletes every rate-limit counter in the state Redis (REDIS_STATE_URL, else
 * REDIS_URL), so that a spec starts with full budgets whatever ran before it
 * in the last minute.
 */
export async function resetRateLimitCounters(): Promise<void> {
  const url = readRedisConfig(process.env).stateUrl;
  if (!url) return;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${RATE_LIMIT_KEY_PREFIX}*`,
        'COUNT',
        1000,
      );
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
