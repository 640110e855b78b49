import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/database.config.js';
import { boundedMysql } from './bounded-mysql.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';

/**
 * How long the database may answer nothing at all while a request waits on
 * it (for a connection or a statement) before that wait fails with a 503:
 * with the rest of a request, inside the contract's 503 within 2 s. Waits on
 * a busy database that answers others meanwhile are not cut short.
 */
export const REQUEST_BOUNDS = { stallMs: 1000 };

/**
 * One place that turns DATABASE_URL into TypeORM options, for the app and the CLI.
 *
 * MySQL is brought to the schema by migrations only. The embedded SQLite
 * database is a development and test convenience, so its schema is synchronized
 * from the entities instead of keeping a second, SQLite-flavoured migration set.
 *
 * For the app (`use: 'requests'`, the default), every wait on MySQL is bounded
 * (REQUEST_BOUNDS, bounded-mysql.ts), so that a stalled database link costs a
 * request a 503 within 2 s, never a hang. Tools (the CLI, the seed) pass
 * `'tool'`: a bulk statement or a data migration may rightly run for minutes.
 */
export function typeOrmOptions(
  config: DatabaseConfig,
  use: 'requests' | 'tool' = 'requests',
): DataSourceOptions {
  if (config.type !== 'sqlite') {
    return {
      type: config.type,
      url: config.url,
      entities,
      migrations,
      migrationsRun: true,
      synchronize: false,
      // Store and read DATETIME as UTC whatever the server's zone.
      timezone: 'Z',
      charset: 'utf8mb4_unicode_ci',
      poolSize: 10,
      // A TCP connect or handshake that gets no answer (a black-holed link).
      connectTimeout: 1000,
      extra: { enableKeepAlive: true },
      // mysql2 captures a stack trace on every statement, to show its caller if the
      // statement fails: a cost on every read for a rare error (the error itself,
      // its code and SQL are still logged).
      trace: false,
      ...(use === 'requests' ? { driver: boundedMysql(REQUEST_BOUNDS) } : {}),
    };
  }
  if (config.path !== ':memory:') mkdirSync(dirname(config.path), { recursive: true });
  return {
    type: 'better-sqlite3',
    database: config.path,
    entities,
    synchronize: true,
    // WAL lets readers proceed during a write; foreign keys are off by default in SQLite.
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
    },
  };
}
