import { readRedisConfig } from '../../src/config/redis.config.js';
import { RATE_LIMIT_KEY_PREFIX } from '../../src/rate-limit/redis-counters.js';
import { deleteKeysWithPrefix } from './redis-keys.js';

/**
 * Deletes every rate-limit counter in the state Redis (REDIS_STATE_URL, else
 * REDIS_URL), so that a spec starts with full budgets whatever ran before it
 * in the last minute.
 */
export async function resetRateLimitCounters(): Promise<void> {
  const url = readRedisConfig(process.env).stateUrl;
  if (url) await deleteKeysWithPrefix(url, RATE_LIMIT_KEY_PREFIX);
}
