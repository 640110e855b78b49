import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { RedisConnection } from '../redis/redis-connection.js';

/** Prefix of every rate-limit counter in Redis, versioned like the cache's keys. */
export const RATE_LIMIT_KEY_PREFIX = 'rate-limit:v1:';

// After a failed count, requests skip Redis (and pass) for this long before it is tried again,
// so that a stalled Redis costs one timeout a second, not one per request.
const RETRY_AFTER_FAILURE_MS = 1000;

// One fixed window per key: the first hit starts it, PTTL tells how much of it is left.
// A key without a TTL (ttl < 0) gets one, so no counter can outlive its window for good.
const INCREMENT_SCRIPT = `
local current = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}`;

type CountingRedis = Redis & {
  rateLimitIncrement(key: string, windowMs: number): Promise<[number, number]>;
};

interface Log {
  warn(message: string): void;
  log(message: string): void;
}

export class RateLimitStoreUnavailable extends Error {
  constructor() {
    super('rate-limit counters are unavailable');
  }
}

/**
 * Counters shared by every process through the state Redis (never the cache's:
 * see redis.config.ts). They never hold a request: while Redis is unreachable,
 * slow or recovering, `increment` rejects at once (or after the connection's
 * command timeout for a stalled server), and the plugin, with
 * `skipOnError`, lets the request through: an outage turns limits off, never
 * the API.
 */
export class RedisCounters {
  private skipUntil = 0;
  private available = false;

  private readonly client: CountingRedis;

  constructor(
    connection: RedisConnection,
    private readonly logger: Log,
  ) {
    this.client = connection.client as CountingRedis;
    this.client.defineCommand('rateLimitIncrement', { numberOfKeys: 1, lua: INCREMENT_SCRIPT });
    connection.onReady(() => this.markAvailable());
    // Reported once per outage: ioredis reports every failed reconnect.
    connection.onConnectionLost((error) => this.markUnavailable(error));
    if (connection.ready) this.markAvailable();
    else logger.warn('rate-limit counters: Redis not reachable yet, limits off until it answers');
  }

  /** Counts one hit on `key`; resolves with the count so far and the window's milliseconds left. */
  async increment(key: string, windowMs: number): Promise<{ current: number; ttl: number }> {
    if (this.client.status !== 'ready' || Date.now() < this.skipUntil) {
      throw new RateLimitStoreUnavailable();
    }
    try {
      const [current, ttl] = await this.client.rateLimitIncrement(
        RATE_LIMIT_KEY_PREFIX + key,
        windowMs,
      );
      this.markAvailable();
      return { current, ttl };
    } catch (error) {
      this.skipUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      this.markUnavailable(error);
      throw error;
    }
  }

  /** The store class @fastify/rate-limit instantiates, counting through these counters. */
  storeClass(): FastifyRateLimitStoreCtor {
    const increment = (key: string, windowMs: number) => this.increment(key, windowMs);
    return class RedisRateLimitStore implements FastifyRateLimitStore {
      incr(
        key: string,
        callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
        timeWindow: number,
      ): void {
        increment(key, timeWindow).then(
          (result) => callback(null, result),
          (error: Error) => callback(error),
        );
      }

      child(): FastifyRateLimitStore {
        return this;
      }
    };
  }

  private markAvailable(): void {
    if (this.available) return;
    this.available = true;
    this.skipUntil = 0;
    this.logger.log('rate-limit counters: Redis available, limits hold across processes');
  }

  private markUnavailable(reason: unknown): void {
    if (!this.available) return;
    this.available = false;
    const message = reason instanceof Error ? reason.message : String(reason);
    this.logger.warn(
      `rate-limit counters: Redis unavailable, limits off until it returns: ${message}`,
    );
  }
}
