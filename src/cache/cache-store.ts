import KeyvRedis, { createClient, Keyv } from '@keyv/redis';
import { type ConfigType } from '@nestjs/config';
import { cacheConfig } from '../config/cache.config.js';
import { withinMs } from './bounded-wait.js';
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

// How long boot waits for Redis before starting without it (it keeps trying).
const BOOT_WAIT_MS = 1000;
// A TCP connect that hangs (a blackholed host) fails after this long and is retried.
const CONNECT_TIMEOUT_MS = 1000;
// Reconnect quickly at first, then once a second, forever: caching must resume by itself.
const reconnectDelay = (retries: number) => Math.min(50 * 2 ** retries, 1000);
// The in-process store's bound, in characters of keys and serialized values (~64 MB).
const MEMORY_MAX_CHARS = 32 * 1024 * 1024;

export async function createCacheStore(
  config: ConfigType<typeof cacheConfig>,
): Promise<CacheStore> {
  if (!config.enabled) return { kind: 'none', onConnectionLost: () => undefined };
  if (!config.redisUrl) {
    return {
      kind: 'memory',
      keyv: keyvOver(new LruMap(MEMORY_MAX_CHARS)),
      onConnectionLost: () => undefined,
    };
  }
  return createRedisStore(config.redisUrl);
}

async function createRedisStore(url: string): Promise<CacheStore> {
  const listeners: Array<(error: unknown) => void> = [];
  const client = createClient({
    url,
    // While disconnected, fail each command at once instead of queueing it until
    // Redis returns: with the default queue a `get` waits for as long as Redis is down.
    disableOfflineQueue: true,
    socket: { connectTimeout: CONNECT_TIMEOUT_MS, reconnectStrategy: reconnectDelay },
  });
  // node-redis emits 'error' for a dropped socket and for every failed reconnect.
  client.on('error', (error: unknown) => listeners.forEach((listener) => listener(error)));
  const store = new RedisStore(client, { throwOnConnectError: true, throwOnErrors: true });
  // connect() settles only once Redis answers, which may be never: wait a moment, then go on.
  await withinMs(client.connect(), BOOT_WAIT_MS).catch(() => undefined);
  return {
    kind: 'redis',
    keyv: keyvOver(store),
    onConnectionLost: (listener) => listeners.push(listener),
  };
}

/**
 * @keyv/redis, adjusted for a cache that must never hold a request or a shutdown.
 */
class RedisStore extends KeyvRedis<unknown> {
  private closed = false;

  // After shutdown, @keyv/redis would reconnect on the next call; refuse instead.
  override async getClient(): ReturnType<KeyvRedis<unknown>['getClient']> {
    if (this.closed) throw new Error('cache store is closed');
    return super.getClient();
  }

  // Close by destroying the socket: a graceful QUIT waits for replies a stalled Redis never sends.
  override async disconnect(): Promise<void> {
    this.closed = true;
    await super.disconnect(true);
  }
}

/**
 * Keys are built whole by cache-keys.ts, so Keyv adds no prefix of its own;
 * errors are thrown, not swallowed, so that the cache service can tell a
 * failing store from a missing key; and values are plain JSON (response
 * bodies), so plain JSON.parse reads them: Keyv's default deserializer passes a
 * reviver over every value, which took a twelfth of a cached read's CPU.
 */
function keyvOver(store: Map<string, unknown> | RedisStore): Keyv {
  return new Keyv({
    store,
    namespace: undefined,
    useKeyPrefix: false,
    throwOnErrors: true,
    serialize: JSON.stringify,
    deserialize: JSON.parse,
  });
}
