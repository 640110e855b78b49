import { createUser, type TestUser } from '../utils/factories.js';
import { startTcpProxy, type TcpProxy } from '../utils/tcp-proxy.js';
import { createTestApp, type TestApp, usingMysql } from '../utils/test-app.js';

// The app reaches MariaDB through a proxy the test controls: cutting it is the
// database going away under a running app; black-holing it, a link that drops
// packets (nothing answered, nothing closed).
const describeOnMysql = usingMysql() ? describe : describe.skip;

describeOnMysql('database outage', () => {
  const originalUrl = process.env.DATABASE_URL!;
  let proxy: TcpProxy;
  let t: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    const target = new URL(originalUrl.replace(/^mariadb:/, 'mysql:'));
    proxy = await startTcpProxy(target.hostname, Number(target.port || 3306));
    target.host = `127.0.0.1:${proxy.port}`;
    process.env.DATABASE_URL = originalUrl.startsWith('mariadb:')
      ? target.toString().replace(/^mysql:/, 'mariadb:')
      : target.toString();
    t = await createTestApp();
    user = await createUser(t);
  });

  afterAll(async () => {
    proxy.restore();
    await t?.close();
    await proxy?.close();
    process.env.DATABASE_URL = originalUrl;
  });

  /** Sends a request and measures how long the answer took. */
  async function timed<T>(request: () => PromiseLike<T>): Promise<{ res: T; ms: number }> {
    const start = performance.now();
    const res = await request();
    return { res, ms: performance.now() - start };
  }

  it('answers 503 quickly while the database is cut, and recovers by itself', async () => {
    const acknowledged: number[] = [];
    const before = await t
      .http()
      .post('/api/posts')
      .set(user.auth)
      .send({ text: 'before' })
      .expect(201);
    acknowledged.push(before.body.id);

    proxy.cut();

    const write = await timed(() =>
      t.http().post('/api/posts').set(user.auth).send({ text: 'during' }),
    );
    expect(write.res.status).toBe(503);
    expect(write.res.body).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: expect.any(String),
    });
    expect(JSON.stringify(write.res.body)).not.toMatch(/ECONN|SQL|mysql|stack/i);
    expect(write.ms).toBeLessThan(2000);

    // Authentication needs the database too: still a 503, never a false 401.
    const me = await timed(() => t.http().get('/api/auth/me').set(user.auth));
    expect(me.res.status).toBe(503);
    expect(me.ms).toBeLessThan(2000);

    const health = await timed(() => t.http().get('/health'));
    expect(health.res.status).toBe(503);
    expect(health.ms).toBeLessThan(2000);

    proxy.restore();

    // Within 5 s of the database returning, the same app serves again.
    const deadline = Date.now() + 5000;
    let status = 0;
    while (Date.now() < deadline) {
      status = (await t.http().get('/health')).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    const after = await t
      .http()
      .post('/api/posts')
      .set(user.auth)
      .send({ text: 'after' })
      .expect(201);
    acknowledged.push(after.body.id);

    // Every write that was answered with 201 is there; the refused one is not.
    const mine = await t
      .http()
      .get('/api/posts')
      .query({ authorId: user.id, limit: 100 })
      .expect(200);
    expect(mine.body.items.map((p: { id: number }) => p.id).sort()).toEqual(acknowledged.sort());
    const profile = await t.http().get(`/api/users/${user.id}`).expect(200);
    expect(profile.body.postsCount).toBe(acknowledged.length);
  });

  it('answers 503 within 2 s while the link is black-holed, and recovers within 5 s of its return', async () => {
    const before = await t
      .http()
      .post('/api/posts')
      .set(user.auth)
      .send({ text: 'before the stall' })
      .expect(201);

    proxy.blackhole();
    try {
      const [write, me, read] = await Promise.all([
        timed(() => t.http().post('/api/posts').set(user.auth).send({ text: 'during the stall' })),
        timed(() => t.http().get('/api/auth/me').set(user.auth)),
        timed(() => t.http().get(`/api/posts/${before.body.id}/likes`)),
      ]);
      for (const { res, ms } of [write, me, read]) {
        expect(res.status).toBe(503);
        expect(ms).toBeLessThan(2000);
      }
      expect(write.res.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.any(String),
      });
      // Still 503 (not a hang) for requests that queue behind the dropped connections.
      const again = await timed(() => t.http().get('/api/auth/me').set(user.auth));
      expect(again.res.status).toBe(503);
      expect(again.ms).toBeLessThan(2000);
    } finally {
      proxy.restore();
    }

    const restoredAt = Date.now();
    let status = 0;
    while (Date.now() - restoredAt < 5000) {
      status = (await t.http().get('/api/auth/me').set(user.auth)).status;
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    await t.http().post('/api/posts').set(user.auth).send({ text: 'after the stall' }).expect(201);

    // The write that got a 503 is stored whole or not at all: postsCount matches the posts.
    const mine = await t
      .http()
      .get('/api/posts')
      .query({ authorId: user.id, limit: 100 })
      .expect(200);
    const texts = mine.body.items.map((p: { text: string }) => p.text);
    expect(texts).toEqual(expect.arrayContaining(['before the stall', 'after the stall']));
    const profile = await t.http().get(`/api/users/${user.id}`).expect(200);
    expect(profile.body.postsCount).toBe(mine.body.items.length);
  });
});
