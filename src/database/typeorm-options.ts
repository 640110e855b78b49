import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/database.config.js';
import { entities } from './entities.js';
import { migrations } from './migrations/index.js';

/**
 * One place that turns DATABASE_URL into TypeORM options, for the app and the CLI.
 *
 * MySQL is brought to the schema by migrations only. The embedded SQLite
 * database is a development and test convenience, so its schema is synchronized
 * from the entities instead of keeping a second, SQLite-flavoured migration set.
 */
export function typeOrmOptions(config: DatabaseConfig): DataSourceOptions {
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
      connectTimeout: 2000,
      extra: { enableKeepAlive: true },
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
