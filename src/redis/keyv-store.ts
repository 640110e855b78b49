import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { KeyvStoreAdapter, StoredData } from 'keyv';

// KEYS: the keys. ARGV: value, ttl ms (0: none) for each key, in order.
const SET_MANY = `
for i, key in ipairs(KEYS) do
  local ttl = tonumber(ARGV[2 * i])
  if ttl > 0 then
    redis.call('SET', key, ARGV[2 * i - 1], 'PX', ttl)
  else
    redis.call('SET', key, ARGV[2 * i - 1])
  end
end
return #KEYS
`;

/**
 * A Keyv 5 storage adapter over an ioredis client, so that cache-manager 7
 * (whose stores are Keyv instances) runs on the same client library as the
 * rate-limit counters and BullMQ (which requires ioredis).
 *
 * Written here because @keyv/redis 5 is node-redis only, and the Keyv stores
 * that take an ioredis client are for other Keyv lines or a fork of it
 * (@keyvhq/redis; @keyv/valkey runs on iovalkey, a fork of ioredis). The
 * adapter is the handful of commands Keyv calls; values arrive serialized.
 *
 * It never owns the connection (RedisService does): `disconnect()` only stops
 * this store from being used, so that nothing reconnects after shutdown.
 */
export class IoredisKeyvStore extends EventEmitter implements KeyvStoreAdapter {
  opts = {};
  namespace?: string;
  private closed = false;

  /** `keyPattern`: what `clear()` deletes (SCAN MATCH), never the whole database. */
  constructor(
    private readonly client: Redis,
    private readonly keyPattern: string,
  ) {
    super();
    client.defineCommand('cacheSetMany', { lua: SET_MANY }); // numkeys comes first
  }

  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return ((await this.redis().get(key)) ?? undefined) as StoredData<Value> | undefined;
  }

  async getMany<Value>(keys: string[]): Promise<Array<StoredData<Value | undefined>>> {
    if (keys.length === 0) return [];
    const values = await this.redis().mget(keys);
    return values.map((value) => (value ?? undefined) as StoredData<Value | undefined>);
  }

  /** `ttl` in milliseconds; none keeps the key until it is replaced or evicted. */
  async set(key: string, value: string, ttl?: number): Promise<boolean> {
    const reply = ttl
      ? await this.redis().set(key, value, 'PX', ttl)
      : await this.redis().set(key, value);
    return reply === 'OK';
  }

  /**
   * All written at once, in one script (atomic, as MULTI was, for a partial
   * write of versions would be read as current): one command, where MULTI
   * made Redis and the client handle one more per key, and two around them.
   */
  async setMany(entries: Array<{ key: string; value: string; ttl?: number }>): Promise<void> {
    if (entries.length === 0) return;
    const redis = this.redis() as Redis & {
      cacheSetMany(numberOfKeys: number, ...args: (string | number)[]): Promise<number>;
    };
    await redis.cacheSetMany(
      entries.length,
      ...entries.map((entry) => entry.key),
      ...entries.flatMap(({ value, ttl }) => [value, ttl ? Math.ceil(ttl) : 0]),
    );
  }

  async delete(key: string): Promise<boolean> {
    return (await this.redis().del(key)) > 0;
  }

  async deleteMany(keys: string[]): Promise<boolean> {
    return keys.length > 0 && (await this.redis().del(...keys)) > 0;
  }

  async has(key: string): Promise<boolean> {
    return (await this.redis().exists(key)) > 0;
  }

  /** Deletes this store's keys only: the same Redis may hold rate-limit counters. */
  async clear(): Promise<void> {
    const redis = this.redis();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', this.keyPattern, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  }

  async disconnect(): Promise<void> {
    this.closed = true;
  }

  private redis(): Redis {
    if (this.closed) throw new Error('cache store is closed');
    return this.client;
  }
}
