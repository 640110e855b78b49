import type { ConnectionOptions } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
// The connect timeout and reconnect back-off of every Redis connection of the app.
import { CONNECT_TIMEOUT_MS, reconnectDelay } from '../redis/redis-connection.js';

/** ioredis options for a `redis://` or `rediss://` URL (BullMQ takes options, not URLs). */
export function redisOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = Number(parsed.pathname.slice(1) || 0);
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: Number(parsed.port || 6379),
    db: Number.isInteger(db) ? db : 0,
    username: decodeURIComponent(parsed.username) || undefined,
    password: decodeURIComponent(parsed.password) || undefined,
    connectTimeout: CONNECT_TIMEOUT_MS,
    ...(parsed.protocol === 'rediss:' ? { tls: {} } : {}),
  };
}

/**
 * The connection of the job queue and its worker. Jobs must survive, so this
 * belongs on a Redis that never evicts (`maxmemory-policy noeviction`): the
 * state Redis (REDIS_STATE_URL, else REDIS_URL; src/config/timeline.config.ts).
 * BullMQ gives the worker's blocking connection `maxRetriesPerRequest: null`
 * itself, as its docs require.
 */
export function queueConnection(url: string): ConnectionOptions {
  // BullMQ's own default backs off to 20 s between reconnects: jobs would wait that long.
  return { ...redisOptions(url), retryStrategy: reconnectDelay } as ConnectionOptions;
}

/**
 * The client of the timeline store. Timelines are rebuilt from the database
 * when lost, so they may live on the cache's (evicting) Redis. Commands fail
 * at once while disconnected rather than queue: a feed read then falls back to
 * the database instead of waiting.
 */
export function createTimelineStoreClient(url: string): Redis {
  return new Redis({
    ...redisOptions(url),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: reconnectDelay,
    lazyConnect: true,
  });
}

/**
 * Logs a connection's errors at most once every 30 s: BullMQ's clients report
 * each failed reconnect, and an outage should be one line, not hundreds.
 */
export function throttledErrorLog(log: (message: string) => void): (error: unknown) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < 30_000) return;
    last = Date.now();
    log(`Redis (timeline queue): ${String(error)}`);
  };
}
