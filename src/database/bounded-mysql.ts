import mysql from 'mysql2';

/**
 * mysql2, with a bound on every wait a request makes on the database when the
 * link stalls (packets dropped, nothing refused). Without it a request waits
 * for as long as the stall lasts: neither TCP nor mysql2 gives up by itself,
 * and mysql2's pool has no bound on taking a connection.
 *
 * The bound is on silence, not on duration. Under contention a request may
 * rightly wait seconds, for a pooled connection or a row lock, while the
 * database answers other statements all along. A stalled link answers none:
 * once the pool has had no answer at all for `stallMs`, every statement and
 * every wait for a connection that has been waiting that long fails with
 * DATABASE_STALLED (a 503), and the connections it was waiting on are closed,
 * so they leave the pool and are never handed out again. The server rolls
 * back a closed connection's transaction, unless its COMMIT had already
 * arrived: a write that failed this way is committed whole or not at all.
 * Schema changes (the migrations run at boot) are not watched: one may rightly
 * run for minutes; a long data migration belongs to `npm run migration:run`.
 *
 * Hand-written because neither mysql2 nor TypeORM has such a bound: mysql2's
 * per-query `timeout` (which TypeORM's `enableQueryTimeout` passes through)
 * counts duration, fails a statement that waits on a busy database, and keeps
 * the connection, whose late reply then lands in whatever it runs next.
 */
export interface StallBounds {
  /** How long the pool may go without any answer while work waits on it. */
  stallMs: number;
}

export const DATABASE_STALLED = 'DATABASE_STALLED';
const CHECK_EVERY_MS = 100;
const SCHEMA_CHANGE = /^\s*(CREATE|ALTER|DROP|RENAME)\b/i;

type Callback = (error: Error | null, ...rest: unknown[]) => void;
type QueryFn = (...args: unknown[]) => unknown;

export interface Connection {
  query: QueryFn;
  release(): void;
  destroy(): void;
}

export interface Pool {
  getConnection(callback: (error: Error | null, connection?: Connection) => void): void;
}

/** The mysql2 module as TypeORM's `driver` option takes it, its pools bounded. */
export function boundedMysql(bounds: StallBounds): typeof mysql {
  return Object.create(mysql, {
    createPool: {
      value: (options: object) => boundPool(mysql.createPool(options) as unknown as Pool, bounds),
    },
  }) as typeof mysql;
}

interface Waiting {
  since: number;
  fail(error: Error): void;
}

/** Notices when a pool stops answering altogether, and fails whatever waits on it. */
class StallWatch {
  private readonly waiting = new Set<Waiting>();
  private lastAnswerAt = Date.now();
  private lastCheckAt = 0;
  private timer?: NodeJS.Timeout;

  constructor(private readonly stallMs: number) {}

  /** The database answered something: it is not stalled. */
  answered(): void {
    this.lastAnswerAt = Date.now();
  }

  /** Waits on the database; `fail` is called if it stalls meanwhile. Returns the way to stop waiting. */
  wait(fail: (error: Error) => void): () => void {
    const entry: Waiting = { since: Date.now(), fail };
    this.waiting.add(entry);
    if (!this.timer) {
      this.lastCheckAt = Date.now();
      this.timer = setInterval(() => this.check(), CHECK_EVERY_MS).unref();
    }
    return () => {
      this.waiting.delete(entry);
      if (this.waiting.size === 0) this.stopChecking();
    };
  }

  private check(): void {
    const now = Date.now();
    // A late check means this process was too busy to read its sockets: what
    // is waiting there may be the answer. Not the database's silence.
    const late = now - this.lastCheckAt > CHECK_EVERY_MS * 3;
    this.lastCheckAt = now;
    if (late) return this.answered();
    const error = Object.assign(new Error(`the database answered nothing for ${this.stallMs} ms`), {
      code: DATABASE_STALLED,
    });
    for (const entry of this.waiting) {
      if (now - Math.max(entry.since, this.lastAnswerAt) < this.stallMs) continue;
      this.waiting.delete(entry);
      entry.fail(error);
    }
    if (this.waiting.size === 0) this.stopChecking();
  }

  private stopChecking(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

/** Bounds a mysql2 pool's waits in place (exported for its spec). */
export function boundPool(pool: Pool, bounds: StallBounds): Pool {
  const watch = new StallWatch(bounds.stallMs);
  const getConnection = pool.getConnection.bind(pool);
  const bounded = new WeakSet<Connection>();
  pool.getConnection = (callback) => {
    let settled = false;
    const stopWaiting = watch.wait((error) => {
      settled = true;
      callback(error);
    });
    getConnection((error, connection) => {
      if (settled) {
        // Too late for its caller: back to the pool for the next one.
        if (!error) connection?.release();
        return;
      }
      settled = true;
      stopWaiting();
      if (!error) watch.answered();
      if (connection && !bounded.has(connection)) {
        bounded.add(connection);
        watchStatements(connection, watch);
      }
      callback(error, connection);
    });
  };
  return pool;
}

function watchStatements(connection: Connection, watch: StallWatch): void {
  const query = connection.query.bind(connection) as QueryFn;
  connection.query = (...args: unknown[]) => {
    const callbackAt = args.findIndex((arg) => typeof arg === 'function');
    const sql = typeof args[0] === 'string' ? args[0] : (args[0] as { sql?: unknown }).sql;
    // A streamed result has no callback: not a request's work (and not used by the app).
    if (callbackAt < 0 || (typeof sql === 'string' && SCHEMA_CHANGE.test(sql))) {
      return query(...args);
    }
    const callback = args[callbackAt] as Callback;
    let settled = false;
    const stopWaiting = watch.wait((error) => {
      settled = true;
      // Its reply may still come, into whatever the connection runs next: never reuse it.
      connection.destroy();
      callback(error);
    });
    args[callbackAt] = (error: Error | null, ...rest: unknown[]) => {
      if (settled) return;
      settled = true;
      stopWaiting();
      // A result, or an error the server sent (it has an SQL state); not one raised here.
      if (!error || (error as { sqlState?: string }).sqlState) watch.answered();
      callback(error, ...rest);
    };
    return query(...args);
  };
}
