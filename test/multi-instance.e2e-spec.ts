import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPost, createUser } from './utils/factories.js';
import { resetRateLimitCounters } from './utils/rate-limits.js';
import { createTestApp, type TestApp, usingMysql } from './utils/test-app.js';

// Several processes behind one address (PM2 cluster mode) share the database and
// Redis; two app instances in this process stand for two of them, each with its
// own connections, counters and cache client.
const suite = process.env.REDIS_URL ? describe : describe.skip;
const title = process.env.REDIS_URL
  ? 'two app instances sharing the database and Redis'
  : 'two app instances sharing the database and Redis [skipped: REDIS_URL is not set; npm run test:services sets it]';

const LIMIT = 20;

suite(title, () => {
  let one: TestApp;
  let two: TestApp;
  let sqliteDir: string | undefined;
  const saved = { ...process.env };

  beforeAll(async () => {
    if (!usingMysql()) {
      // An in-memory SQLite database is private to one instance: share a file instead.
      sqliteDir = mkdtempSync(join(tmpdir(), 'multi-instance-'));
      process.env.DATABASE_URL = `sqlite:${join(sqliteDir, 'shared.sqlite')}`;
    }
    process.env.THROTTLE_LIMIT = String(LIMIT);
    process.env.THROTTLE_AUTH_LIMIT = '100';
    one = await createTestApp();
    two = await createTestApp({ reset: false });
  });

  afterAll(async () => {
    await two?.close();
    await one?.close();
    for (const name of ['DATABASE_URL', 'THROTTLE_LIMIT', 'THROTTLE_AUTH_LIMIT']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  });

  it('reads back through one instance what was written through the other', async () => {
    const ada = await createUser(one);
    const post = await createPost(one, ada, 'written through one');
    const read = await two.http().get(`/api/posts/${post.id}`).expect(200);
    expect(read.body).toMatchObject({ id: post.id, text: 'written through one' });
    // Ada's token, issued by one, is accepted by two: the same secret, no per-process session.
    const edited = await two
      .http()
      .patch(`/api/posts/${post.id}`)
      .set(ada.auth)
      .send({ text: 'edited through two' })
      .expect(200);
    expect(edited.body.text).toBe('edited through two');
    const again = await one.http().get(`/api/posts/${post.id}`).expect(200);
    expect(again.body.text).toBe('edited through two');
  });

  it('shows on one instance the caller’s own like and follow made through the other, at once', async () => {
    await resetRateLimitCounters();
    const [ada, bob] = [await createUser(one), await createUser(one)];
    const post = await createPost(one, ada, 'to be liked');
    const read = async () => ({
      liked: (await two.http().get(`/api/posts/${post.id}`).set(bob.auth).expect(200)).body.liked,
      following: (await two.http().get(`/api/users/${ada.id}`).set(bob.auth).expect(200)).body
        .following,
    });
    // Twice, so that the personal fields are cached on two before the writes.
    await read();
    expect(await read()).toEqual({ liked: false, following: false });
    await one.http().put(`/api/posts/${post.id}/like`).set(bob.auth).expect(204);
    await one.http().put(`/api/users/${ada.id}/follow`).set(bob.auth).expect(204);
    expect(await read()).toEqual({ liked: true, following: true });
    await one.http().delete(`/api/posts/${post.id}/like`).set(bob.auth).expect(204);
    await one.http().delete(`/api/users/${ada.id}/follow`).set(bob.auth).expect(204);
    expect(await read()).toEqual({ liked: false, following: false });
  });

  it('refuses on one instance the access tokens of a password changed through the other', async () => {
    await resetRateLimitCounters();
    const ada = await createUser(one);
    // Two checks the token, so its credentials version is now in the shared cache.
    await two.http().get('/api/auth/me').set(ada.auth).expect(200);
    await one
      .http()
      .put('/api/auth/password')
      .set(ada.auth)
      .send({ currentPassword: ada.password, newPassword: 'changed through one' })
      .expect(204);
    await two.http().get('/api/auth/me').set(ada.auth).expect(401);
    await one.http().get('/api/auth/me').set(ada.auth).expect(401);
  });

  it('counts a client’s requests to both instances against one THROTTLE_LIMIT', async () => {
    const [a, b] = [await createUser(one), await createUser(two)];
    // Start from a full budget (registering counted against the login budget anyway).
    await resetRateLimitCounters();
    const statuses: number[] = [];
    for (let i = 0; i < LIMIT + 2; i++) {
      const instance = i % 2 === 0 ? one : two;
      statuses.push((await instance.http().get(`/api/users/${i % 2 === 0 ? a.id : b.id}`)).status);
    }
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(200), 429, 429]);
    // Both instances refuse from now on, each with the time left of the shared window.
    for (const instance of [one, two]) {
      const limited = await instance.http().get('/api/posts').expect(429);
      const retryAfter = Number(limited.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
    }
  });
});
