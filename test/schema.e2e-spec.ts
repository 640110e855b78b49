import { DataSource } from 'typeorm';
import { parseDatabaseUrl } from '../src/config/database.config.js';
import { typeOrmOptions } from '../src/database/typeorm-options.js';
import { usingMysql } from './utils/test-app.js';

// Migrations are the only source of the MySQL schema; this proves they build
// exactly what the entities describe, from an empty database.
const describeOnMysql = usingMysql() ? describe : describe.skip;

describeOnMysql('MySQL schema (migrations against entities)', () => {
  const scratch = `social_schema_check_${process.pid}`;
  const baseUrl = process.env.DATABASE_URL!;
  let admin: DataSource;
  let migrated: DataSource;

  beforeAll(async () => {
    admin = new DataSource({ ...typeOrmOptions(parseDatabaseUrl(baseUrl)), migrationsRun: false });
    await admin.initialize();
    const [{ version }] = await admin.query('SELECT VERSION() AS version');
    await admin.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
    await admin.query(`CREATE DATABASE \`${scratch}\``);
    const url = new URL(baseUrl.replace(/^mariadb:/, 'mysql:'));
    url.pathname = `/${scratch}`;
    const options = typeOrmOptions(parseDatabaseUrl(url.toString()));
    // TypeORM reads MariaDB's catalogue correctly only with its MariaDB dialect.
    const type = /mariadb/i.test(version) ? 'mariadb' : 'mysql';
    migrated = new DataSource({ ...options, type, migrationsRun: false } as typeof options);
    await migrated.initialize();
  });

  afterAll(async () => {
    await migrated?.destroy();
    await admin?.query(`DROP DATABASE IF EXISTS \`${scratch}\``);
    await admin?.destroy();
  });

  it('brings an empty database to the schema, and a migrated one needs nothing more', async () => {
    const applied = await migrated.runMigrations();
    expect(applied.length).toBeGreaterThan(0);
    const pending = await migrated.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('stores every table as utf8mb4', async () => {
    const rows: { TABLE_NAME: string; TABLE_COLLATION: string }[] = await migrated.query(
      'SELECT TABLE_NAME, TABLE_COLLATION FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?',
      [scratch],
    );
    const tables = rows.filter((r) => r.TABLE_NAME !== 'migrations');
    expect(tables.map((r) => r.TABLE_NAME).sort()).toEqual([
      'auth',
      'auth_session',
      'post',
      'post_like',
      'user',
      'user_follow',
    ]);
    for (const row of tables) expect(row.TABLE_COLLATION).toMatch(/^utf8mb4_/);
  });

  it('keeps an emoji intact', async () => {
    await migrated.query(
      "INSERT INTO `user` (username, username_lower, name) VALUES ('emoji_user', 'emoji_user', ?)",
      ['Ada 🚀'],
    );
    const [row] = await migrated.query("SELECT name FROM `user` WHERE username = 'emoji_user'");
    expect(row.name).toBe('Ada 🚀');
  });
});
