import { Redis } from 'ioredis';
import { RATE_LIMIT_KEY_PREFIX } from '../../src/rate-limit/redis-counters.js';

/**
 * Deletes every rate-limit counter in the Redis at REDIS_URL, so that a spec
 * starts with full budgets whatever ran before it in the last minute.
 */
export async function resetRateLimitCounters(): Promise<void> {
  const url = process.env.REDIS_URL;
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
