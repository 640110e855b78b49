import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readYourWritesScenarios } from './utils/cache-scenarios.js';
import { createPost, createUser } from './utils/factories.js';
import { createTestApp, type TestApp, usingMysql } from './utils/test-app.js';

// Two processes sharing one Redis and one database, as in production; two app
// instances in this process stand for them (each with its own connections).
const suite = process.env.REDIS_URL ? describe : describe.skip;
const title = process.env.REDIS_URL
  ? 'response cache across two app instances sharing Redis'
  : 'response cache across two app instances [skipped: REDIS_URL is not set; npm run test:services sets it]';

suite(title, () => {
  let writer: TestApp;
  let reader: TestApp;
  let sqliteDir: string | undefined;
  const databaseUrl = process.env.DATABASE_URL;

  beforeAll(async () => {
    if (!usingMysql()) {
      // An in-memory SQLite database is private to one instance: share a file instead.
      sqliteDir = mkdtempSync(join(tmpdir(), 'cache-cross-instance-'));
      process.env.DATABASE_URL = `sqlite:${join(sqliteDir, 'shared.sqlite')}`;
    }
    writer = await createTestApp();
    reader = await createTestApp({ reset: false });
  });

  afterAll(async () => {
    await reader?.close();
    await writer?.close();
    process.env.DATABASE_URL = databaseUrl;
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  });

  it('shares entries: a read cached by one instance is a HIT on the other', async () => {
    const ada = await createUser(writer);
    const post = await createPost(writer, ada, 'shared');
    const first = await writer.http().get(`/api/posts/${post.id}`).expect(200);
    const other = await reader.http().get(`/api/posts/${post.id}`).expect(200);
    expect([first.headers['x-cache'], other.headers['x-cache']]).toEqual(['MISS', 'HIT']);
    expect(other.body).toEqual(first.body);
  });

  describe('every write through one instance shows in the other’s next read', () => {
    readYourWritesScenarios(() => ({ writer, reader }));
  });
});
