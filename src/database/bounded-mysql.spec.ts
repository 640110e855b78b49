import { boundPool, type Connection, DATABASE_STALLED, type Pool } from './bounded-mysql.js';

type Callback = (error: Error | null, result?: unknown) => void;

/** A pool of one connection whose statements are answered only when the test says so. */
function fakePool() {
  const pending: Callback[] = [];
  const connection = {
    destroyed: false,
    released: 0,
    query(_sql: string, _values: unknown, callback: Callback) {
      pending.push(callback);
    },
    release() {
      this.released += 1;
    },
    destroy() {
      this.destroyed = true;
    },
  };
  let handOut = true;
  const pool: Pool = {
    getConnection(callback) {
      if (handOut) setImmediate(() => callback(null, connection as Connection));
    },
  };
  return {
    pool: boundPool(pool, { stallMs: 150 }),
    connection,
    pending,
    holdConnections: () => (handOut = false),
  };
}

const acquire = (pool: Pool) =>
  new Promise<Connection>((resolve, reject) =>
    pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection!))),
  );

const run = (connection: Connection, sql = 'SELECT 1') =>
  new Promise((resolve, reject) =>
    connection.query(sql, [], (error: Error | null, result?: unknown) =>
      error ? reject(error) : resolve(result),
    ),
  );

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('boundPool', () => {
  it('fails a statement the database never answers, and drops its connection', async () => {
    const { pool, connection } = fakePool();
    const started = Date.now();
    const statement = run(await acquire(pool));
    await expect(statement).rejects.toMatchObject({ code: DATABASE_STALLED });
    expect(Date.now() - started).toBeLessThan(600);
    expect(connection.destroyed).toBe(true);
  });

  it('fails a wait for a connection when the database answers nothing', async () => {
    const { pool, holdConnections } = fakePool();
    holdConnections();
    await expect(acquire(pool)).rejects.toMatchObject({ code: DATABASE_STALLED });
  });

  it('waits as long as it takes while the database answers other statements (contention)', async () => {
    const { pool, connection, pending } = fakePool();
    const conn = await acquire(pool);
    const slow = run(conn, 'UPDATE post SET likes_count = likes_count + 1');
    let answering = true;
    const others = (async () => {
      while (answering) {
        void run(conn).catch(() => undefined);
        await sleep(30);
        pending.pop()?.(null, []);
      }
    })();
    await sleep(500);
    pending.shift()?.(null, { affectedRows: 1 });
    answering = false;
    await others;
    await expect(slow).resolves.toEqual({ affectedRows: 1 });
    expect(connection.destroyed).toBe(false);
  });

  it('leaves schema changes alone: a migration may run for minutes', async () => {
    const { pool, connection, pending } = fakePool();
    const ddl = run(await acquire(pool), 'CREATE INDEX idx ON post (created_at)');
    await sleep(400);
    pending.shift()?.(null, []);
    await expect(ddl).resolves.toEqual([]);
    expect(connection.destroyed).toBe(false);
  });
});
