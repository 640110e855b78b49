import { createPost, createUser, type TestUser } from './utils/factories.js';
import { follow } from './utils/social.js';
import { RedisServer } from './utils/redis-server.js';
import { TimelineStore } from '../src/timelines/timeline.store.js';
import { createTestApp, type TestApp } from './utils/test-app.js';
import {
  eventually,
  timelineQueue,
  timelineWorker,
  timelinesOn,
  withBuiltTimeline,
} from './utils/timelines.js';

// What matters is that a read never waits for Redis to come back; asserted with
// room for a loaded machine (the code's bound is 50 ms a call).
const GENEROUS_BOUND_MS = 1000;

const feedIds = async (t: TestApp, user: TestUser) =>
  (await t.http().get('/api/feed').query({ limit: 100 }).set(user.auth).expect(200)).body.items.map(
    (p: { id: number }) => p.id,
  );

// Timelines exist only with Redis (npm run test:services).
const withTimelines = timelinesOn() ? describe : describe.skip;

withTimelines('home timelines while the worker is stopped', () => {
  let api: TestApp;
  let worker: TestApp | undefined;
  beforeAll(async () => {
    api = await createTestApp();
  });
  afterAll(async () => {
    await worker?.close();
    await api.close();
  });

  it('loses no job: when a worker returns, every follower’s feed catches up within 5 s', async () => {
    const [author, ...readers] = await Promise.all(
      Array.from({ length: 4 }, () => createUser(api)),
    );
    for (const reader of readers) await follow(api, reader, author);
    for (const reader of readers) await withBuiltTimeline(api, reader);
    // The only worker stops (as when its process is down); writes go on.
    await timelineWorker(api.app)!.close();
    const posts: number[] = [];
    for (let i = 0; i < 3; i++)
      posts.unshift((await createPost(api, author, `while down ${i}`)).id);
    expect(await timelineQueue(api.app)!.getWaitingCount()).toBeGreaterThanOrEqual(3);
    // A new worker process joins the same Redis and database.
    worker = await createTestApp({ reset: false });
    for (const reader of readers) {
      const ids = await eventually(
        () => feedIds(api, reader),
        (seen) => seen.length === 3,
      );
      expect(ids).toEqual(posts);
    }
    const queue = timelineQueue(api.app)!;
    expect(await queue.getFailedCount()).toBe(0);
  });
});

// Runs its own redis-server, so that it can be killed and restarted empty.
const withRedisServer = timelinesOn() && RedisServer.installed() ? describe : describe.skip;

withRedisServer('home timelines when Redis is lost', () => {
  let redis: RedisServer;
  let t: TestApp;
  const redisUrl = process.env.REDIS_URL;

  beforeAll(async () => {
    redis = await RedisServer.onFreePort();
    await redis.start();
    process.env.REDIS_URL = redis.url;
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
    await redis?.kill();
    process.env.REDIS_URL = redisUrl;
  });

  async function timedFeed(user: TestUser) {
    const started = Date.now();
    const ids = await feedIds(t, user);
    return { ids, ms: Date.now() - started };
  }

  it('serves feeds from the database while Redis is down, and rebuilds them when it returns empty', async () => {
    const [reader, friend] = [await createUser(t), await createUser(t)];
    await follow(t, reader, friend);
    const before = [(await createPost(t, friend, 'one')).id];
    await withBuiltTimeline(t, reader);
    before.unshift((await createPost(t, friend, 'two')).id);
    await eventually(
      () => feedIds(t, reader),
      (ids) => ids.length === 2,
    );

    await redis.kill();
    // Writes still succeed; the feed comes from the database, complete, without waiting.
    const during = (await createPost(t, friend, 'while Redis is down')).id;
    const own = (await createPost(t, reader, 'mine, while Redis is down')).id;
    for (let i = 0; i < 3; i++) {
      const { ids, ms } = await timedFeed(reader);
      expect(ids).toEqual([own, during, ...before]);
      expect(ms).toBeLessThan(GENEROUS_BOUND_MS);
    }

    await redis.start(); // empty: timelines, queue and epoch are gone
    const expected = [own, during, ...before];
    // Never half-empty: from the database until rebuilt, then from the timeline.
    for (let i = 0; i < 20; i++) expect((await timedFeed(reader)).ids).toEqual(expected);
    await withBuiltTimeline(t, reader);
    expect(await feedIds(t, reader)).toEqual(expected);
    // And fan-out works again.
    const after = (await createPost(t, friend, 'after')).id;
    expect(
      await eventually(
        () => feedIds(t, reader),
        (ids) => ids[0] === after,
      ),
    ).toEqual([after, ...expected]);
  });

  it('rebuilds timelines that missed posts while Redis was unreachable, even if Redis kept them', async () => {
    const [reader, friend] = [await createUser(t), await createUser(t)];
    await follow(t, reader, friend);
    await withBuiltTimeline(t, reader);
    const first = (await createPost(t, friend, 'first')).id;
    await eventually(
      () => feedIds(t, reader),
      (ids) => ids.length === 1,
    );
    // Stalled, not lost: when it answers again it still holds the old timeline.
    redis.pause();
    const missed = (await createPost(t, friend, 'missed by the fan-out')).id;
    redis.resume();
    // Once the store is tried again, the lost write makes this process replace the
    // epoch: the old timeline, which lacks the post, is never served.
    const store = t.app.get(TimelineStore);
    await eventually(async () => store.available, Boolean);
    expect(await feedIds(t, reader)).toEqual([missed, first]);
    await withBuiltTimeline(t, reader);
    expect(await feedIds(t, reader)).toEqual([missed, first]);
  });
});
