import { Redis } from 'ioredis';
import { RedisServer } from '../../test/utils/redis-server.js';
import { META_KEY, timelineKey } from './timeline-keys.js';
import { createTimelineStoreClient } from './timeline-redis.js';
import { TimelineStore } from './timeline.store.js';

// The Lua scripts against a real (throwaway) Redis: in every profile where redis-server exists.
const suite = RedisServer.installed() ? describe : describe.skip;

suite('TimelineStore (its scripts, on a throwaway Redis)', () => {
  let server: RedisServer;
  let store: TimelineStore;
  let raw: Redis;
  const CAP = 3;
  let user = 0;

  beforeAll(async () => {
    server = await RedisServer.onFreePort();
    await server.start();
    store = new TimelineStore(createTimelineStoreClient(server.url));
    await store.onModuleInit();
    raw = new Redis(server.url);
  });
  afterAll(async () => {
    await store.onModuleDestroy();
    raw.disconnect();
    await server.kill();
  });

  const entries = (...ids: number[]) => ids.map((id) => ({ id, authorId: id % 2 ? 7 : 8 }));
  const ids = async (userId: number) =>
    (await store.read(userId, undefined, 100))?.entries.map((e) => e.id);
  async function built(userId: number, content: number[], floor = 0) {
    const rebuild = await store.begin(userId);
    expect(await store.finish(userId, rebuild, floor, entries(...content), CAP)).toBe(true);
  }

  beforeEach(() => {
    user += 1;
  });

  it('never serves, nor creates, a timeline that was not built', async () => {
    expect(await store.read(user, undefined, 10)).toBeUndefined();
    expect(await store.add(user, entries(5), CAP)).toBe(0);
    expect(await raw.exists(timelineKey(user))).toBe(0);
  });

  it('serves a built timeline newest first, below a cursor', async () => {
    await built(user, [3, 1, 2]);
    expect(await ids(user)).toEqual([3, 2, 1]);
    const head = await store.read(user, 3, 1);
    expect(head).toEqual({ floor: 0, entries: [{ id: 2, authorId: 8 }], merged: [] });
  });

  it('keeps the newest posts up to the cap, and raises its floor to what it trimmed', async () => {
    await built(user, [10, 20]);
    await store.add(user, entries(30, 40), CAP);
    expect(await store.read(user, undefined, 10)).toMatchObject({ floor: 19 });
    expect(await ids(user)).toEqual([40, 30, 20]);
    // A late post below the floor is the database's to serve: not taken.
    expect(await store.add(user, entries(15), CAP)).toBe(0);
    expect(await ids(user)).toEqual([40, 30, 20]);
  });

  it('records the floor a rebuild read up to', async () => {
    await built(user, [9, 8, 7], 6);
    expect(await store.read(user, undefined, 10)).toMatchObject({ floor: 6 });
  });

  it('is not built once its key is lost, or under a new epoch', async () => {
    await built(user, [1]);
    await raw.del(timelineKey(user));
    expect(await store.read(user, undefined, 10)).toBeUndefined();
    await built(user, [1]);
    await store.newEpoch();
    expect(await store.read(user, undefined, 10)).toBeUndefined();
  });

  it('takes fan-out while a rebuild runs, and merges it with what the rebuild read', async () => {
    const rebuild = await store.begin(user);
    expect(await store.add(user, entries(50), CAP)).toBe(1);
    expect(await store.read(user, undefined, 10)).toBeUndefined(); // not built yet
    await store.finish(user, rebuild, 0, entries(40, 30), CAP);
    expect(await ids(user)).toEqual([50, 40, 30]);
  });

  it('fans one post out to many timelines: only those that exist, above their floor, capped', async () => {
    // More than one script's worth of timelines (100 a script), most of them never built.
    const first = user;
    user += 250;
    const readers = Array.from({ length: 250 }, (_, i) => first + i);
    const existing = readers.filter((id) => id % 50 === 0);
    for (const id of existing) await built(id, [10, 20, 30]);
    await built(readers[1], [100, 110, 120]); // a floor of 99 after trimming
    await store.add(readers[1], entries(130), CAP);
    const [post] = entries(60);
    expect(await store.addToMany(readers, post, CAP)).toBe(existing.length);
    for (const id of existing) expect(await ids(id)).toEqual([60, 30, 20]);
    expect(await ids(readers[1])).toEqual([130, 120, 110]); // 60 is below its floor
    expect(await raw.exists(timelineKey(readers[2]))).toBe(0);
    // Twice is once: a retried batch changes nothing.
    expect(await store.addToMany(readers, post, CAP)).toBe(0);
    expect(await ids(existing[0])).toEqual([60, 30, 20]);
  });

  it('lets only the latest of two overlapping rebuilds finish', async () => {
    const first = await store.begin(user);
    const second = await store.begin(user);
    expect(await store.finish(user, first, 0, entries(1), CAP)).toBe(false);
    expect(await store.finish(user, second, 0, entries(2), CAP)).toBe(true);
    expect(await ids(user)).toEqual([2]);
  });

  it('does not lose a write that answers late after reads gave up on a slow Redis', async () => {
    await built(user, [1]);
    const epoch = await raw.hget(META_KEY, 'epoch');
    server.pause();
    try {
      // One slow read is a busy moment: reads keep trying the store. Three in a row
      // are an outage: reads skip it for a second (the feed from the database).
      await expect(store.read(user, undefined, 10)).rejects.toThrow();
      expect(store.available).toBe(true);
      for (let i = 0; i < 2; i++) await expect(store.read(user, undefined, 10)).rejects.toThrow();
      expect(store.available).toBe(false);
      const write = store.addNow(user, entries(2), CAP);
      await new Promise((resolve) => setTimeout(resolve, 150));
      server.resume();
      await expect(write).resolves.toBe(1);
    } finally {
      server.resume();
    }
    await new Promise((resolve) => setTimeout(resolve, 1100)); // reads try the store again
    expect(await ids(user)).toEqual([2, 1]); // still built: no epoch was replaced
    expect(await raw.hget(META_KEY, 'epoch')).toBe(epoch);
  });

  it('removes one author’s posts only (author 4 is not author 14)', async () => {
    const rebuild = await store.begin(user);
    const mixed = [
      { id: 1, authorId: 4 },
      { id: 2, authorId: 14 },
      { id: 3, authorId: 4 },
    ];
    await store.finish(user, rebuild, 0, mixed, 10);
    expect(await store.removeAuthor(user, 4)).toBe(2);
    expect(await ids(user)).toEqual([2]);
  });

  it('names the authors whose posts are merged at read time', async () => {
    await built(user, [1]);
    expect((await store.read(user, undefined, 10))?.merged).toEqual([]);
    await store.markMerged(1005);
    await store.markMerged(1007);
    const head = await store.read(user, undefined, 10);
    expect(head?.merged.sort()).toEqual([1005, 1007]);
    await store.drop(1005);
    expect(await raw.hexists(META_KEY, 'm:1005')).toBe(0);
  });
});
