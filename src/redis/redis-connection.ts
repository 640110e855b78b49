import { Redis } from 'ioredis';

/** What a connection is for; see redis.config.ts for why the two are apart. */
export type RedisRole = 'cache' | 'state';

// The outage policy of every Redis connection, in one place. Redis is an
// optimisation or a safeguard here, never something a request waits for:
//
// A command fails after this long on a stalled server. The rate-limit counters let
// a request through after 100 ms. The cache bounds each of its calls itself (50 ms
// for a read, 500 ms for an invalidation, see cache.service.ts), so its connection's
// own bound only keeps a stalled server from holding commands forever: set tighter,
// it would fail invalidations that a slow but healthy Redis can still take.
export const COMMAND_TIMEOUT_MS: Record<RedisRole, number> = { cache: 2000, state: 100 };
// A TCP connect that hangs (a blackholed host) fails after this long and is retried.
export const CONNECT_TIMEOUT_MS = 1000;
// How long boot waits for Redis before serving without it (it keeps reconnecting).
export const BOOT_WAIT_MS = 1000;
// Reconnect quickly at first, then once a second, forever: service resumes by itself.
export const reconnectDelay = (attempt: number) => Math.min(50 * 2 ** attempt, 1000);

/**
 * One ioredis client with that policy: while disconnected every command fails
 * at once (no offline queue), a command cut off by a dropped connection fails
 * instead of being replayed later, and closing destroys the socket instead of
 * waiting for replies a stalled server would never send.
 */
export class RedisConnection {
  readonly client: Redis;
  private readonly lostListeners: Array<(error: unknown) => void> = [];
  private closed = false;

  constructor(
    readonly role: RedisRole,
    url: string,
  ) {
    this.client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: COMMAND_TIMEOUT_MS[role],
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: reconnectDelay,
      disconnectTimeout: 0,
    });
    // ioredis emits 'error' for a failed connect or reconnect, 'close' for a dropped
    // connection (a restarted Redis may have come back from an old snapshot).
    this.client.on('error', (error: Error) => this.lost(error));
    this.client.on('close', () => this.lost(new Error(`${role} Redis connection closed`)));
  }

  get ready(): boolean {
    return this.client.status === 'ready';
  }

  /** Called whenever the connection drops or a reconnect attempt fails. */
  onConnectionLost(listener: (error: unknown) => void): void {
    this.lostListeners.push(listener);
  }

  /** Called on every (re)connection, once Redis answers. */
  onReady(listener: () => void): void {
    this.client.on('ready', listener);
  }

  /** Resolves true once Redis answers, or false after BOOT_WAIT_MS. */
  async waitUntilReady(): Promise<boolean> {
    if (!this.ready) {
      // Not events.once: it would give up at the first refused connect, which a
      // Redis that is still starting answers with.
      const ready = new Promise((resolve) => this.client.once('ready', resolve));
      const timer = new Promise((resolve) => setTimeout(resolve, BOOT_WAIT_MS).unref());
      await Promise.race([ready, timer]);
    }
    return this.ready;
  }

  close(): void {
    this.closed = true;
    this.client.disconnect();
  }

  private lost(error: unknown): void {
    // Closing on purpose is not an outage: nothing to report, nothing to recover.
    if (this.closed) return;
    for (const listener of this.lostListeners) listener(error);
  }
}
