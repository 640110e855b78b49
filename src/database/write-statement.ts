import { type EntityManager } from 'typeorm';

/** What a write statement did, read the same way from mysql2 and better-sqlite3. */
export interface WriteResult {
  /** Rows the statement matched (mysql2 connects with FOUND_ROWS, as SQLite counts). */
  affected: number;
  /** The AUTO_INCREMENT id an INSERT gave its row. */
  insertId: number;
}

/**
 * Runs one literal INSERT, UPDATE or DELETE inside the caller's transaction.
 * A hot write path's statements are written by hand: TypeORM's `insert()`
 * reads the row back for its defaulted columns (a second statement on MySQL),
 * and its builders cost more CPU than the statement they build.
 */
export async function runWrite(
  manager: EntityManager,
  sql: string,
  parameters: unknown[],
): Promise<WriteResult> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('runWrite needs the manager of a transaction');
  const { affected, raw } = await runner.query(sql, parameters, true);
  // mysql2 answers a ResultSetHeader; better-sqlite3 the last row id itself.
  const insertId =
    typeof raw === 'object' && raw !== null ? (raw as { insertId: number }).insertId : raw;
  return { affected: affected ?? 0, insertId: Number(insertId) };
}
