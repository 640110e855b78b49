import { jest } from '@jest/globals';
import { versionKey } from '../src/cache/cache-keys.js';
import { CACHE_STORE, type CacheStore } from '../src/cache/cache-store.js';
import { PostsRepository } from '../src/posts/posts.repository.js';
import { PostsService } from '../src/posts/posts.service.js';
import { readYourWritesScenarios } from './utils/cache-scenarios.js';
import { createPost, createUser, type TestUser, uniqueUsername } from './utils/factories.js';
import { createTestApp, type TestApp } from './utils/test-app.js';
import { eventually, timelinesOn, withBuiltTimeline } from './utils/timelines.js';

// In process memory by default; against Redis when REDIS_URL is set (npm run test:services).
const store = process.env.REDIS_URL ? 'redis' : 'memory';

describe(`response cache (${store} store)`, () => {
  let t: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  let post: { id: number };

  beforeAll(async () => {
    t = await createTestApp();
    [ada, bob] = [await createUser(t), await createUser(t)];
    post = await createPost(t, ada, 'cached');
    await t.http().put(`/api/users/${ada.id}/follow`).set(bob.auth).expect(204);
    await t.http().put(`/api/posts/${post.id}/like`).set(bob.auth).expect(204);
  });
  afterAll(() => t.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    t.http().get(path).set(headers);

  describe('X-Cache', () => {
    const reads: [string, () => string, () => Record<string, string>][] = [
      ['a user', () => `/api/users/${ada.id}`, () => ({})],
      ['a user by username', () => `/api/users/by/username/${ada.username}`, () => ({})],
      ['the user list', () => '/api/users', () => ({})],
      ['followers', () => `/api/users/${ada.id}/followers`, () => ({})],
      ['following', () => `/api/users/${bob.id}/following`, () => ({})],
      ['the posts a user liked', () => `/api/users/${bob.id}/likes`, () => ({})],
      ['a post', () => `/api/posts/${post.id}`, () => ({})],
      ['the post list', () => '/api/posts', () => ({})],
      ["one author's posts", () => `/api/posts?authorId=${ada.id}&limit=5`, () => ({})],
      ['who liked a post', () => `/api/posts/${post.id}/likes`, () => ({})],
      ['the feed', () => '/api/feed', () => bob.auth],
    ];

    it.each(reads)('%s: MISS, then HIT with the same body', async (_name, path, headers) => {
      const first = await get(path(), headers()).expect(200);
      const second = await get(path(), headers()).expect(200);
      expect([first.headers['x-cache'], second.headers['x-cache']]).toEqual(['MISS', 'HIT']);
      expect(second.body).toEqual(first.body);
    });

    it('keys a list by its query, in any order', async () => {
      await get(`/api/posts?limit=3&authorId=${ada.id}`).expect(200);
      const reordered = await get(`/api/posts?authorId=${ada.id}&limit=3`).expect(200);
      expect(reordered.headers['x-cache']).toBe('HIT');
      const otherPage = await get(`/api/posts?authorId=${ada.id}&limit=2`).expect(200);
      expect(otherPage.headers['x-cache']).toBe('MISS');
    });

    it('never caches an error: a 404 says MISS, and the resource shows once created', async () => {
      const username = uniqueUsername('later');
      for (let i = 0; i < 2; i++) {
        const res = await get(`/api/users/by/username/${username}`).expect(404);
        expect(res.headers['x-cache']).toBe('MISS');
      }
      await createUser(t, { username });
      await get(`/api/users/by/username/${username}`).expect(200);
    });

    it('answers a malformed id with a 400 and stores nothing for it, not even a version', async () => {
      for (const path of ['/api/posts/abc', '/api/posts/1e3/likes', '/api/users/0']) {
        const res = await get(path).expect(400);
        expect(res.headers['x-cache']).toBe('MISS');
      }
      const keyv = t.app.get<CacheStore>(CACHE_STORE).keyv!;
      for (const namespace of ['post:abc', 'post:1e3', 'user:0']) {
        await expect(keyv.get(versionKey(namespace))).resolves.toBeUndefined();
      }
    });

    it('is absent from writes', async () => {
      const res = await t.http().put(`/api/posts/${post.id}/like`).set(ada.auth).expect(204);
      expect(res.headers['x-cache']).toBeUndefined();
      await t.http().delete(`/api/posts/${post.id}/like`).set(ada.auth).expect(204);
    });
  });

  describe('personal fields', () => {
    // The cache runs inside @Personalise: it holds the shared view, and each
    // caller's `liked`/`following` is added on the way out, also on a HIT.
    it('a cached post carries each caller’s own `liked`, and none for anonymous callers', async () => {
      const mine = await createPost(t, ada, 'personal');
      await t.http().put(`/api/posts/${mine.id}/like`).set(bob.auth).expect(204);
      const asBob = await get(`/api/posts/${mine.id}`, bob.auth).expect(200);
      const asAda = await get(`/api/posts/${mine.id}`, ada.auth).expect(200);
      const anonymous = await get(`/api/posts/${mine.id}`).expect(200);
      expect([asBob, asAda, anonymous].map((r) => r.headers['x-cache'])).toEqual([
        'MISS',
        'HIT',
        'HIT',
      ]);
      expect(asBob.body.liked).toBe(true);
      expect(asAda.body.liked).toBe(false);
      expect(anonymous.body).not.toHaveProperty('liked');
    });

    it('a cached user list carries each caller’s own `following`', async () => {
      const path = `/api/users/${bob.id}/following`; // lists ada, whom bob follows
      const asBob = await get(path, bob.auth).expect(200);
      const asAda = await get(path, ada.auth).expect(200);
      const anonymous = await get(path).expect(200);
      expect(asAda.headers['x-cache']).toBe('HIT');
      expect(asBob.body.items).toEqual([expect.objectContaining({ id: ada.id, following: true })]);
      expect(asAda.body.items).toEqual([expect.objectContaining({ id: ada.id, following: false })]);
      expect(anonymous.body.items[0]).not.toHaveProperty('following');
    });

    it('a cached profile carries each caller’s own `following`', async () => {
      const asBob = await get(`/api/users/${ada.id}`, bob.auth).expect(200);
      const asAda = await get(`/api/users/${ada.id}`, ada.auth).expect(200);
      expect(asAda.headers['x-cache']).toBe('HIT');
      expect([asBob.body.following, asAda.body.following]).toEqual([true, false]);
    });

    it('keys the feed by caller: nobody is served another caller’s feed', async () => {
      const carl = await createUser(t);
      const bobFeed = await get('/api/feed', bob.auth).expect(200);
      const carlFeed = await get('/api/feed', carl.auth).expect(200);
      expect(carlFeed.headers['x-cache']).toBe('MISS');
      expect(bobFeed.body.items.length).toBeGreaterThan(0);
      expect(carlFeed.body.items).toEqual([]);
      const bobAgain = await get('/api/feed', bob.auth).expect(200);
      expect(bobAgain.headers['x-cache']).toBe('HIT');
      expect(bobAgain.body.items.every((p: { liked: boolean }) => 'liked' in p)).toBe(true);
    });
  });

  describe('a burst of misses on one key', () => {
    afterEach(() => jest.restoreAllMocks());

    it('reads the database once', async () => {
      const hot = await createPost(t, ada, 'hot');
      // A like replaces the post's version: every reader below misses at once.
      await t.http().put(`/api/posts/${hot.id}/like`).set(bob.auth).expect(204);
      const load = jest.spyOn(t.app.get(PostsService), 'get');
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => get(`/api/posts/${hot.id}`)),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(responses.every((r) => r.body.likesCount === 1)).toBe(true);
      expect(load).toHaveBeenCalledTimes(1);
    });
  });

  describe('a write’s answer fills the post’s own entry', () => {
    afterEach(() => jest.restoreAllMocks());

    it('an edited post is served from the cache at once, edited, in a page that holds it', async () => {
      const edited = await createPost(t, ada, 'before the edit');
      await t.http().put(`/api/posts/${edited.id}/like`).set(bob.auth).expect(204);
      const likes = () => get(`/api/users/${bob.id}/likes`, bob.auth).expect(200);
      await likes(); // the page of bob's likes and the post's entry, cached
      await t
        .http()
        .patch(`/api/posts/${edited.id}`)
        .set(ada.auth)
        .send({ text: 'after the edit' })
        .expect(200);
      const res = await likes();
      expect(res.body.items[0]).toMatchObject({ id: edited.id, text: 'after the edit' });
      // The page did not change, and the edit's own reload stored the post again.
      expect(res.headers['x-cache']).toBe('HIT');
    });

    // From the database query a feed page comes with its rows: nothing to load either way.
    (timelinesOn() ? it : it.skip)(
      'a follower’s first feed read of a new post does not load it from the database',
      async () => {
        const reader = await createUser(t);
        await t.http().put(`/api/users/${ada.id}/follow`).set(reader.auth).expect(204);
        await withBuiltTimeline(t, reader);
        const fresh = await createPost(t, ada, 'fanned out');
        const findRows = jest.spyOn(t.app.get(PostsRepository), 'findRows');
        const first = await eventually(
          async () => (await get('/api/feed', reader.auth).expect(200)).body.items[0]?.id,
          (id) => id === fresh.id,
        );
        expect(first).toBe(fresh.id);
        expect(findRows.mock.calls.flat(2)).not.toContain(fresh.id);
      },
    );
  });

  describe('GET /health', () => {
    it('reports the cache store as up', async () => {
      const res = await t.http().get('/health').expect(200);
      expect(res.body).toMatchObject({ status: 'ok', cache: { status: 'up', store } });
    });
  });

  describe('read your writes, in one process', () => {
    readYourWritesScenarios(() => ({ writer: t, reader: t }));
  });
});
