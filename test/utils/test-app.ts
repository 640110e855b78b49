import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createAdapter } from '../../src/app.setup.js';

export interface TestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  close: () => Promise<void>;
}

export const usingMysql = () => /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

/**
 * The real application, as main.ts builds it, on the configured database.
 * On SQLite each app gets a fresh in-memory database; on MySQL the tables are
 * emptied first, so every spec file starts from nothing.
 */
export async function createTestApp(options: { reset?: boolean } = {}): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(), {
    logger: false,
  });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = app.get<DataSource>(getDataSourceToken());
  if (options.reset !== false && usingMysql()) await emptyTables(dataSource);
  return {
    app,
    http: () => request(app.getHttpServer()),
    dataSource,
    close: () => app.close(),
  };
}

async function emptyTables(dataSource: DataSource): Promise<void> {
  await dataSource.transaction(async (manager) => {
    await manager.query('SET FOREIGN_KEY_CHECKS = 0');
    for (const { tableName } of dataSource.entityMetadatas) {
      await manager.query(`TRUNCATE TABLE ${dataSource.driver.escape(tableName)}`);
    }
    await manager.query('SET FOREIGN_KEY_CHECKS = 1');
  });
}
