import { registerAs } from '@nestjs/config';

export type DatabaseConfig =
  { type: 'sqlite'; path: string } | { type: 'mysql' | 'mariadb'; url: string };

export const DEFAULT_SQLITE_PATH = 'data/social.sqlite';

/** Reads DATABASE_URL: unset means the embedded SQLite file. */
export function parseDatabaseUrl(url: string | undefined): DatabaseConfig {
  if (!url) return { type: 'sqlite', path: DEFAULT_SQLITE_PATH };
  if (url.startsWith('sqlite:')) return { type: 'sqlite', path: url.slice('sqlite:'.length) };
  // mariadb:// is mysql:// with TypeORM's MariaDB dialect (it reads MariaDB's schema exactly).
  return {
    type: url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
    url: url.replace(/^mariadb:/, 'mysql:'),
  };
}

export const databaseConfig = registerAs('database', () =>
  parseDatabaseUrl(process.env.DATABASE_URL),
);
