import type { QueryRunner } from 'typeorm';
import { Dialect } from '../database/dialect.js';

// SQLite binds at most 32766 parameters a statement; MySQL has no such bound
// (mysql2 inlines them), only the packet size, which 2000 rows stay far below.
const SQLITE_MAX_PARAMETERS = 32_000;
const MYSQL_ROWS_PER_STATEMENT = 2000;

/**
 * Multi-row INSERTs on one connection, grouped into transactions by the
 * caller: the fast way to write many rows on both MySQL and SQLite.
 */
export class BulkWriter {
  readonly dialect: Dialect;
  readonly isMysql: boolean;

  constructor(private readonly runner: QueryRunner) {
    this.dialect = new Dialect(runner.connection);
    this.isMysql = this.dialect.isMysql;
  }

  async insert(
    table: string,
    columns: readonly string[],
    rows: readonly unknown[][],
  ): Promise<void> {
    const perStatement = this.isMysql
      ? MYSQL_ROWS_PER_STATEMENT
      : Math.floor(SQLITE_MAX_PARAMETERS / columns.length);
    const escape = (name: string) => this.runner.connection.driver.escape(name);
    const head = `INSERT INTO ${escape(table)} (${columns.map(escape).join(', ')}) VALUES `;
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    for (let from = 0; from < rows.length; from += perStatement) {
      const slice = rows.slice(from, from + perStatement);
      await this.runner.query(head + Array(slice.length).fill(tuple).join(', '), slice.flat());
    }
  }

  /** Runs `work` in one transaction on this writer's connection. */
  async transaction(work: () => Promise<void>): Promise<void> {
    await this.runner.startTransaction();
    try {
      await work();
      await this.runner.commitTransaction();
    } catch (error) {
      await this.runner.rollbackTransaction();
      throw error;
    }
  }

  async query<T>(sql: string): Promise<T> {
    return (await this.runner.query(sql)) as T;
  }

  escape(name: string): string {
    return this.runner.connection.driver.escape(name);
  }
}

/** A DATETIME literal in UTC, as TypeORM writes them on MySQL and SQLite alike. */
export function sqlTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 23);
}
