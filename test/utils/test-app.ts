import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import type { ConfigType } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import { configureApp, createAdapter } from '../../src/app.setup.js';
import { ALL } from '../../src/cache/cache-namespaces.js';
import { CacheService } from '../../src/cache/cache.service.js';
import { databaseConfig } from '../../src/config/database.config.js';
import { typeOrmOptions } from '../../src/database/typeorm-options.js';
import { resetRateLimitCounters } from './rate-limits.js';
import { resetTimelines } from './timelines.js';

export interface TestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  /**
   * The app's database, for a spec's own setup and checks. On MySQL a connection
   * of its own, without the app's per-request bound on a silent database (1 s):
   * setup writes are not requests, and a busy machine may rightly take longer.
   */
  dataSource: DataSource;
  /** Every route the HTTP server serves, as Fastify registered it (`/api/users/:id`). */
  routes: { method: string; url: string }[];
  close: () => Promise<void>;
}

export const usingMysql = () => /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

/**
 * The real application, as main.ts builds it, on the configured database.
 * On SQLite each app gets a fresh in-memory database; on MySQL the tables are
 * emptied first, so every spec file starts from nothing, with an empty cache.
 * `reset: false` leaves database and cache as they are: a second instance joining
 * a shared database and Redis. `controllers` are served beside the app's own.
 */
export async function createTestApp(
  options: { reset?: boolean; controllers?: Type[] } = {},
): Promise<TestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule],
    controllers: options.controllers,
  }).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createAdapter(), {
    logger: false,
  });
  const routes: TestApp['routes'] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', ({ method, url }) => {
      for (const m of [method].flat()) routes.push({ method: m, url });
    });
  await configureApp(app);
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  const dataSource = usingMysql()
    ? await new DataSource({
        ...typeOrmOptions(app.get<ConfigType<typeof databaseConfig>>(databaseConfig.KEY), 'tool'),
        // The app has brought the schema up to date already.
        migrationsRun: false,
      }).initialize()
    : app.get<DataSource>(getDataSourceToken());
  if (options.reset !== false) {
    if (usingMysql()) await emptyTables(dataSource);
    // A fresh or emptied database hands out the same ids again: reads cached by an
    // earlier spec in a shared Redis must not answer for it.
    await app.get(CacheService).invalidate([ALL]);
    // Rate-limit counters in a shared Redis outlive an app: start each spec with full budgets.
    await resetRateLimitCounters();
    // So do timelines and their jobs, which name ids the emptied database hands out again.
    await resetTimelines(app);
  }
  // E2E_BASE_URL: the same requests to a running deployment instead (.ci/run sends
  // some specs through the services' front door). This app then only prepares the
  // shared database and Redis, and sends nothing itself.
  const baseUrl = process.env.E2E_BASE_URL;
  return {
    app,
    http: () => request(baseUrl || app.getHttpServer()),
    dataSource,
    routes,
    close: async () => {
      await app.close();
      if (usingMysql()) await dataSource.destroy();
    },
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

/**
 * An app started with these settings for a describe block (in its beforeAll);
 * the previous values come back after the block.
 */
export function appWith(settings: Record<string, string>): () => TestApp {
  let t: TestApp;
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    for (const [name, value] of Object.entries(settings)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  return () => t;
}
