import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { readAppConfig } from '../src/config/app.config.js';
import { readRedisConfig } from '../src/config/redis.config.js';
import { RedisService } from '../src/redis/redis.service.js';
import { RedisServer } from './utils/redis-server.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

// The cache's Redis as docker-compose.yml ships it (an LRU memory cap), made small.
const EVICTING = ['--maxmemory', '4mb', '--maxmemory-policy', 'allkeys-lru'];
const LIMIT = 3;

// Runs its own redis-servers, so it needs the binary, not REDIS_URL.
const suite = RedisServer.installed() ? describe : describe.skip;
const title = RedisServer.installed()
  ? 'the two Redis roles: an evicting cache, counters that are never evicted'
  : 'the two Redis roles [skipped: no redis-server binary on this machine]';

/** Writes ~`megabytes` of cache-like entries, as a burst of distinct page reads would. */
async function cacheTraffic(url: string, megabytes: number): Promise<number> {
  const redis = new Redis(url);
  try {
    const page = 'x'.repeat(10_000);
    for (let batch = 0; batch < megabytes; batch++) {
      const pipeline = redis.pipeline();
      for (let i = 0; i < 100; i++)
        pipeline.set(`cache:v2:read:page:${batch}:${i}`, page, 'PX', 60_000);
      await pipeline.exec();
    }
    const stats = await redis.info('stats');
    return Number(/evicted_keys:(\d+)/.exec(stats)?.[1]);
  } finally {
    redis.disconnect();
  }
}

suite(title, () => {
  let cache: RedisServer;
  let state: RedisServer;
  const saved = { ...process.env };

  beforeAll(async () => {
    [cache, state] = [await RedisServer.onFreePort(EVICTING), await RedisServer.onFreePort()];
    await Promise.all([cache.start(), state.start()]);
    Logger.overrideLogger(false);
  });

  afterAll(async () => {
    await Promise.all([cache?.kill(), state?.kill()]);
    for (const name of ['REDIS_URL', 'REDIS_STATE_URL', 'THROTTLE_AUTH_LIMIT', 'THROTTLE_LIMIT']) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
    Logger.overrideLogger(['log', 'error', 'warn']);
  });

  describe('with REDIS_STATE_URL apart from REDIS_URL', () => {
    let t: TestApp;

    beforeAll(async () => {
      process.env.REDIS_URL = cache.url;
      process.env.REDIS_STATE_URL = state.url;
      process.env.THROTTLE_AUTH_LIMIT = String(LIMIT);
      process.env.THROTTLE_LIMIT = '0';
      t = await createTestApp();
    });
    afterAll(() => t?.close());

    const wrongLogin = async () =>
      (await t.http().post('/api/auth/login').send({ username: 'nobody', password: 'a guess!' }))
        .status;

    it('caches in the cache Redis and counts in the state Redis', async () => {
      expect((await t.http().get('/api/users').expect(200)).headers['x-cache']).toBe('MISS');
      expect((await t.http().get('/api/users').expect(200)).headers['x-cache']).toBe('HIT');
      expect(await wrongLogin()).toBe(401);
      const [inState, inCache] = [new Redis(state.url), new Redis(cache.url)];
      try {
        expect(await inState.keys('rate-limit:*')).toHaveLength(1);
        expect(await inState.keys('cache:*')).toHaveLength(0);
        expect(await inCache.keys('rate-limit:*')).toHaveLength(0);
      } finally {
        inState.disconnect();
        inCache.disconnect();
      }
    });

    it('still refuses a guesser over the limit after cache traffic has evicted keys', async () => {
      expect(await wrongLogin()).toBe(401); // 2 of 3
      // Five times the cache's memory cap: the cache Redis must evict to take it.
      expect(await cacheTraffic(cache.url, 20)).toBeGreaterThan(0);
      expect(await wrongLogin()).toBe(401); // 3 of 3: the counter survived
      expect(await wrongLogin()).toBe(429);
    });
  });

  describe('the boot check of the state Redis (maxmemory-policy)', () => {
    const service = (env: Record<string, string>) =>
      new RedisService(readRedisConfig(env), readAppConfig(env));

    it('refuses to start in production on an evicting Redis, with one line naming the variable', async () => {
      const redis = service({ NODE_ENV: 'production', REDIS_URL: cache.url });
      const refused = await redis.connection('state').then(
        () => '',
        (error: Error) => error.message,
      );
      await redis.onApplicationShutdown();
      expect(refused).toMatch(/^Invalid environment: REDIS_URL: .*allkeys-lru.*noeviction/);
      expect(refused).not.toContain('\n');
    });

    it('starts (and logs an error) elsewhere', async () => {
      const redis = service({ NODE_ENV: 'development', REDIS_STATE_URL: cache.url });
      await expect(redis.connection('state')).resolves.toBeDefined();
      await redis.onApplicationShutdown();
    });

    it('starts in production on a noeviction Redis', async () => {
      const redis = service({ NODE_ENV: 'production', REDIS_STATE_URL: state.url });
      await expect(redis.connection('state')).resolves.toBeDefined();
      await redis.onApplicationShutdown();
    });

    it('starts when CONFIG is disabled, as on managed Redis services', async () => {
      const locked = await RedisServer.onFreePort([...EVICTING, '--rename-command', 'CONFIG', '']);
      await locked.start();
      try {
        const redis = service({ NODE_ENV: 'production', REDIS_STATE_URL: locked.url });
        await expect(redis.connection('state')).resolves.toBeDefined();
        await redis.onApplicationShutdown();
      } finally {
        await locked.kill();
      }
    });
  });
});
