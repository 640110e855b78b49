import type { DataSource } from 'typeorm';

/**
 * The few places where MySQL/MariaDB and SQLite need different SQL, behind one
 * small object, so that repositories can write plain literal statements.
 *
 * Table and column names in this project are plain identifiers that neither
 * database reserves, so statements name them as they are; only values are
 * parameters.
 */
export class Dialect {
  readonly isMysql: boolean;
  /** The current time as the timestamp columns' own defaults write it (milliseconds on MySQL). */
  readonly now: string;

  constructor(dataSource: DataSource) {
    this.isMysql = dataSource.options.type !== 'better-sqlite3';
    this.now = String(dataSource.driver.mappedDataTypes.updateDateDefault);
  }

  /**
   * `a UNION ALL b ... ORDER BY id DESC LIMIT n` where each member has its own
   * `ORDER BY ... LIMIT`. MySQL takes such members in parentheses (as derived
   * tables they were materialized in a temporary table each: a third slower
   * for 30 members, nearly twice as slow for 1,000). SQLite allows no LIMIT in a
   * member of a compound SELECT, hence derived tables there.
   */
  unionOfLimited(members: string[], column: string, tail: string): string {
    const wrap = this.isMysql
      ? (member: string) => `(${member})`
      : (member: string, n: number) => `SELECT ${column} FROM (${member}) m${n}`;
    return `${members.map(wrap).join(' UNION ALL ')} ${tail}`;
  }

  /** ` FOR UPDATE` on MySQL; nothing on SQLite, whose transactions are serialized anyway. */
  get forUpdate(): string {
    return this.isMysql ? ' FOR UPDATE' : '';
  }

  /** Turns foreign key checks off or on for this connection (bulk loading). */
  foreignKeyChecks(on: boolean): string {
    if (this.isMysql) return `SET SESSION foreign_key_checks = ${on ? 1 : 0}`;
    return `PRAGMA foreign_keys = ${on ? 'ON' : 'OFF'}`;
  }

  /** Empties a table; on MySQL also resets its AUTO_INCREMENT. */
  emptyTable(table: string): string {
    return `${this.isMysql ? 'TRUNCATE TABLE' : 'DELETE FROM'} ${table}`;
  }

  /** A DATETIME as the driver returns it (a Date on MySQL, UTC text on SQLite), as a Date. */
  date(value: unknown): Date {
    if (value instanceof Date) return value;
    return new Date(`${String(value).replace(' ', 'T')}Z`);
  }
}

/** `?, ?, ?` for a list of `count` values. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => '?').join(', ');
}
