import { type ConfigType } from '@nestjs/config';
import { Keyv } from 'keyv';
import { cacheConfig } from '../config/cache.config.js';
import { IoredisKeyvStore } from '../redis/keyv-store.js';
import type { RedisService } from '../redis/redis.service.js';
import { LruMap } from './lru-map.js';

/** Injection token of the CacheStore. */
export const CACHE_STORE = Symbol('CACHE_STORE');

/** The store behind cache-manager, and what the cache service needs to know about it. */
export interface CacheStore {
  /** `none` when caching is off (CACHE_TTL=0). */
  readonly kind: 'redis' | 'memory' | 'none';
  /** The Keyv handed to cache-manager; absent when caching is off. */
  readonly keyv?: Keyv;
  /** Called whenever the connection to Redis drops or a reconnect attempt fails. */
  onConnectionLost(listener: (error: unknown) => void): void;
}

// The in-process store's bound, in characters of keys and serialized values (~64 MB).
const MEMORY_MAX_CHARS = 32 * 1024 * 1024;
// Every key cache-keys.ts builds starts so; clear() deletes these and nothing else.
const CACHE_KEY_PATTERN = 'cache:*';

/**
 * Redis when REDIS_URL is set, through the process's one cache connection
 * (its outage policy, bounded waits included, is in src/redis); process memory
 * otherwise; nothing when caching is off.
 */
export async function createCacheStore(
  config: ConfigType<typeof cacheConfig>,
  redis: RedisService,
): Promise<CacheStore> {
  if (!config.enabled) return { kind: 'none', onConnectionLost: () => undefined };
  const connection = await redis.connection('cache');
  if (!connection) {
    return {
      kind: 'memory',
      keyv: keyvOver(new LruMap(MEMORY_MAX_CHARS)),
      onConnectionLost: () => undefined,
    };
  }
  return {
    kind: 'redis',
    keyv: keyvOver(new IoredisKeyvStore(connection.client, CACHE_KEY_PATTERN)),
    onConnectionLost: (listener) => connection.onConnectionLost(listener),
  };
}

/**
 * Keys are built whole by cache-keys.ts, so Keyv adds no prefix of its own;
 * errors are thrown, not swallowed, so that the cache service can tell a
 * failing store from a missing key; and values are plain JSON (response
 * bodies), so plain JSON.parse reads them: Keyv's default deserializer passes a
 * reviver over every value, which took a twelfth of a cached read's CPU.
 */
function keyvOver(store: Map<string, unknown> | IoredisKeyvStore): Keyv {
  return new Keyv({
    store,
    namespace: undefined,
    useKeyPrefix: false,
    throwOnErrors: true,
    serialize: JSON.stringify,
    deserialize: JSON.parse,
  });
}
