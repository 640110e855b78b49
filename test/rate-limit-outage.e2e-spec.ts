import { RedisServer } from './utils/redis-server.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

// A failed count costs a request at most the 100 ms command timeout, after which
// Redis is skipped for a second; asserted with room for a loaded test machine.
const GENEROUS_BOUND_MS = 1000;
const LIMIT = 3;

// Runs its own redis-server, so it needs the binary, not REDIS_URL.
const suite = RedisServer.installed() ? describe : describe.skip;
const title = RedisServer.installed()
  ? 'rate limits counted in Redis, when Redis goes down or stalls'
  : 'rate limits counted in Redis, when Redis goes down or stalls [skipped: no redis-server binary on this machine]';

suite(title, () => {
  let redis: RedisServer;
  let t: TestApp;
  const saved = { ...process.env };

  beforeAll(async () => {
    redis = await RedisServer.onFreePort();
    await redis.start();
    process.env.REDIS_URL = redis.url;
    process.env.THROTTLE_LIMIT = String(LIMIT);
    t = await createTestApp();
  });

  afterAll(async () => {
    await t?.close();
    redis?.resume();
    await redis?.kill();
    for (const name of ['REDIS_URL', 'THROTTLE_LIMIT']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  });

  /** One request, and how long the client waited for it. */
  async function timedGet(): Promise<{ status: number; ms: number }> {
    const started = performance.now();
    const res = await t.http().get('/api/users');
    return { status: res.status, ms: performance.now() - started };
  }

  /** Requests until one is refused with 429; fails after 10 s. */
  async function untilLimited(): Promise<void> {
    const deadline = Date.now() + 10_000;
    while ((await timedGet()).status !== 429) {
      if (Date.now() > deadline) throw new Error('no 429 within 10 s: not counting');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('counts in Redis while it is up: THROTTLE_LIMIT requests, then 429', async () => {
    const statuses = [];
    for (let i = 0; i < LIMIT + 1; i++) statuses.push((await timedGet()).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('lets every request through, without waiting, once Redis is killed', async () => {
    await redis.kill();
    for (let i = 0; i < LIMIT + 3; i++) {
      const { status, ms } = await timedGet();
      expect(status).toBe(200);
      expect(ms).toBeLessThan(GENEROUS_BOUND_MS);
    }
  });

  it('counts again once Redis is back', async () => {
    await redis.start();
    await untilLimited();
  });

  it('lets every request through within the bound while Redis stalls, and counts once it answers', async () => {
    redis.pause();
    for (let i = 0; i < LIMIT + 3; i++) {
      const { status, ms } = await timedGet();
      expect(status).toBe(200);
      expect(ms).toBeLessThan(GENEROUS_BOUND_MS);
    }
    redis.resume();
    // The counter from before the stall still holds this client over its limit.
    await untilLimited();
  });
});
