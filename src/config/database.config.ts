import { registerAs } from '@nestjs/config';
import { IsOptional, Matches } from 'class-validator';
import { type RawEnvironment, validateVariables } from './env.js';

export type DatabaseConfig =
  { type: 'sqlite'; path: string } | { type: 'mysql' | 'mariadb'; url: string };

export const DEFAULT_SQLITE_PATH = 'data/social.sqlite';

export class DatabaseVariables {
  @IsOptional()
  @Matches(/^((mysql|mariadb):\/\/.+|sqlite:.+)$/, {
    message: 'DATABASE_URL must be mysql://user:pass@host:3306/db or sqlite:PATH',
  })
  DATABASE_URL?: string;
}

/** Reads a database URL: unset (or blank) means the embedded SQLite file. */
export function parseDatabaseUrl(url: string | undefined): DatabaseConfig {
  if (!url?.trim()) return { type: 'sqlite', path: DEFAULT_SQLITE_PATH };
  if (url.startsWith('sqlite:')) return { type: 'sqlite', path: url.slice('sqlite:'.length) };
  // mariadb:// is mysql:// with TypeORM's MariaDB dialect (it reads MariaDB's schema exactly).
  return {
    type: url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
    url: url.replace(/^mariadb:/, 'mysql:'),
  };
}

/** The `database` namespace; also what the TypeORM CLI and the seed read before Nest starts. */
export function readDatabaseConfig(raw: RawEnvironment): DatabaseConfig {
  return parseDatabaseUrl(validateVariables(DatabaseVariables, raw).DATABASE_URL);
}

export const databaseConfig = registerAs('database', () => readDatabaseConfig(process.env));
