import { collectPages, createPost, createUser, type TestUser } from './utils/factories.js';
import {
  BAD_IDS,
  BAD_PAGE_QUERIES,
  badRequest,
  countRows,
  follow,
  like,
  notFound,
  pageIds,
  profile,
  readPost,
  unauthorized,
  unlike,
  UNKNOWN_ID,
} from './utils/social.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

describe('likes', () => {
  let t: TestApp;
  let author: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    author = await createUser(t);
  });
  afterAll(() => t.close());

  /** likesCount as a reader sees it, checked against the rows it counts. */
  const likesCount = async (post: { id: number }) => {
    const { likesCount: shown } = await readPost(t, post);
    expect(shown).toBe(await countRows(t, 'post_like', { post: post.id }));
    return shown;
  };

  describe('PUT and DELETE /api/posts/:id/like', () => {
    it('likes and unlikes with 204, moving likesCount by one', async () => {
      const [fan, other] = [await createUser(t), await createUser(t)];
      const post = await createPost(t, author);
      const res = await t.http().put(`/api/posts/${post.id}/like`).set(fan.auth).expect(204);
      expect(res.text).toBe('');
      expect(await likesCount(post)).toBe(1);
      await like(t, other, post);
      expect(await likesCount(post)).toBe(2);
      const gone = await t.http().delete(`/api/posts/${post.id}/like`).set(fan.auth).expect(204);
      expect(gone.text).toBe('');
      expect(await likesCount(post)).toBe(1);
    });

    it('is idempotent both ways: repeats answer 204 and change nothing', async () => {
      const fan = await createUser(t);
      const post = await createPost(t, author);
      await like(t, fan, post);
      await like(t, fan, post);
      expect(await likesCount(post)).toBe(1);
      await unlike(t, fan, post);
      await unlike(t, fan, post);
      expect(await likesCount(post)).toBe(0);
      await unlike(t, author, post);
      expect(await likesCount(post)).toBe(0);
    });

    it('lets authors like their own posts', async () => {
      const post = await createPost(t, author);
      await like(t, author, post);
      expect(await likesCount(post)).toBe(1);
    });

    it('is not an edit: the post keeps its text and updatedAt', async () => {
      const fan = await createUser(t);
      const post = await createPost(t, author, 'unchanged');
      const before = await readPost(t, post);
      await like(t, fan, post);
      await unlike(t, fan, post);
      await like(t, fan, post);
      expect(await readPost(t, post)).toEqual({ ...before, likesCount: 1 });
    });

    it('answers 404 for an unknown post, 401 without a token, 400 for a bad id', async () => {
      const fan = await createUser(t);
      const post = await createPost(t, author);
      for (const method of ['put', 'delete'] as const) {
        const missing = await t
          .http()
          [method](`/api/posts/${UNKNOWN_ID}/like`)
          .set(fan.auth)
          .expect(404);
        expect(missing.body).toEqual(notFound());
        const anonymous = await t.http()[method](`/api/posts/${post.id}/like`).expect(401);
        expect(anonymous.body).toEqual(unauthorized());
        for (const id of BAD_IDS) {
          const bad = await t.http()[method](`/api/posts/${id}/like`).set(fan.auth).expect(400);
          expect(bad.body).toEqual(badRequest());
        }
      }
      expect(await likesCount(post)).toBe(0);
    });
  });

  describe('GET /api/posts/:id/likes', () => {
    it('lists who liked it, most recent like first, as full profiles', async () => {
      const fans = [await createUser(t), await createUser(t), await createUser(t)];
      const post = await createPost(t, author);
      for (const fan of [fans[2], fans[0], fans[1]]) await like(t, fan, post);
      await unlike(t, fans[2], post);
      await like(t, fans[2], post);
      const res = await t.http().get(`/api/posts/${post.id}/likes`).expect(200);
      expect(res.body.items.map((u: { id: number }) => u.id)).toEqual(
        [2, 1, 0].map((i) => fans[i].id),
      );
      expect(res.body.items[0]).toEqual({
        id: fans[2].id,
        username: fans[2].username,
        name: 'Test User',
        bio: '',
        createdAt: expect.any(String),
        followersCount: 0,
        followingCount: 0,
        postsCount: 0,
      });
      expect(res.body.nextCursor).toBeNull();
      const paged = await collectPages<{ id: number }>(t, `/api/posts/${post.id}/likes`, 2);
      expect(paged.map((u) => u.id)).toEqual([2, 1, 0].map((i) => fans[i].id));
    });

    it('adds `following` for an authenticated caller only', async () => {
      const [fan, viewer] = [await createUser(t), await createUser(t)];
      const post = await createPost(t, author);
      await like(t, fan, post);
      await like(t, author, post);
      await follow(t, viewer, fan);
      const anonymous = await t.http().get(`/api/posts/${post.id}/likes`).expect(200);
      for (const item of anonymous.body.items) expect(item).not.toHaveProperty('following');
      const res = await t.http().get(`/api/posts/${post.id}/likes`).set(viewer.auth).expect(200);
      expect(res.body.items.map((u: { following: boolean }) => u.following)).toEqual([false, true]);
    });

    it('answers 404 for an unknown post, 400 for bad paging', async () => {
      expect((await t.http().get(`/api/posts/${UNKNOWN_ID}/likes`).expect(404)).body).toEqual(
        notFound(),
      );
      const post = await createPost(t, author);
      for (const [, query] of BAD_PAGE_QUERIES) {
        await t.http().get(`/api/posts/${post.id}/likes`).query(query).expect(400);
      }
    });
  });

  describe('GET /api/users/:id/likes', () => {
    it('lists the posts a user liked, most recent like first', async () => {
      const fan = await createUser(t);
      const posts = [await createPost(t, author, 'a'), await createPost(t, author, 'b')];
      posts.push(await createPost(t, fan, 'c'));
      for (const i of [1, 2, 0]) await like(t, fan, posts[i]);
      const expected = [0, 2, 1].map((i) => posts[i].id);
      const res = await t.http().get(`/api/users/${fan.id}/likes`).expect(200);
      expect(res.body.items.map((p: { id: number }) => p.id)).toEqual(expected);
      expect(res.body.items[0]).toEqual({
        ...(await readPost(t, posts[0])),
        likesCount: 1,
      });
      expect(res.body.items[0]).not.toHaveProperty('liked');
      const paged = await collectPages<{ id: number }>(t, `/api/users/${fan.id}/likes`, 1);
      expect(paged.map((p) => p.id)).toEqual(expected);
      const own = await t.http().get(`/api/users/${fan.id}/likes`).set(fan.auth).expect(200);
      expect(own.body.items.map((p: { liked: boolean }) => p.liked)).toEqual([true, true, true]);
      await like(t, author, posts[2]);
      const theirs = await t.http().get(`/api/users/${fan.id}/likes`).set(author.auth);
      expect(theirs.body.items.map((p: { liked: boolean }) => p.liked)).toEqual([
        false,
        true,
        false,
      ]);
    });

    it('answers an empty page for a user who liked nothing, 404 for an unknown user', async () => {
      const idle = await createUser(t);
      const res = await t.http().get(`/api/users/${idle.id}/likes`).expect(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
      expect((await t.http().get(`/api/users/${UNKNOWN_ID}/likes`).expect(404)).body).toEqual(
        notFound(),
      );
      await t.http().get('/api/users/abc/likes').expect(400);
      await t.http().get(`/api/users/${idle.id}/likes?limit=0`).expect(400);
    });
  });

  it('deleting a post removes its likes', async () => {
    const [fan, other] = [await createUser(t), await createUser(t)];
    const doomed = await createPost(t, author, 'doomed');
    const kept = await createPost(t, author, 'kept');
    for (const post of [kept, doomed]) {
      await like(t, fan, post);
      await like(t, other, post);
    }
    await t.http().delete(`/api/posts/${doomed.id}`).set(author.auth).expect(204);
    expect(await pageIds(t, `/api/users/${fan.id}/likes`)).toEqual([kept.id]);
    expect(await countRows(t, 'post_like', { post: doomed.id })).toBe(0);
    await t.http().get(`/api/posts/${doomed.id}/likes`).expect(404);
    expect(await likesCount(kept)).toBe(2);
  });

  it('DELETE /api/users/me corrects every counter that counted the account', async () => {
    const [leaver, friend, fan, stranger] = [
      await createUser(t),
      await createUser(t),
      await createUser(t),
      await createUser(t),
    ];
    const shared = await createPost(t, friend, 'liked by two');
    const own = await createPost(t, leaver, 'goes away');
    await like(t, leaver, shared);
    await like(t, stranger, shared);
    await like(t, friend, own);
    await follow(t, leaver, friend);
    await follow(t, fan, leaver);
    await follow(t, fan, friend);
    await follow(t, leaver, stranger);

    const sharedBefore = (await t.http().get(`/api/posts/${shared.id}`).expect(200)).body;

    await t.http().delete('/api/users/me').set(leaver.auth).expect(204);

    await t.http().get(`/api/users/${leaver.id}`).expect(404);
    // Losing a like is not an edit of the post.
    const sharedAfter = (await t.http().get(`/api/posts/${shared.id}`).expect(200)).body;
    expect(sharedAfter.updatedAt).toBe(sharedBefore.updatedAt);
    await t.http().get(`/api/posts/${own.id}`).expect(404);
    expect(await likesCount(shared)).toBe(1);
    expect(await pageIds(t, `/api/posts/${shared.id}/likes`)).toEqual([stranger.id]);
    expect(await pageIds(t, `/api/users/${friend.id}/likes`)).toEqual([]);
    expect(await pageIds(t, `/api/users/${friend.id}/followers`)).toEqual([fan.id]);
    expect(await pageIds(t, `/api/users/${fan.id}/following`)).toEqual([friend.id]);
    expect(await profile(t, friend)).toMatchObject({ followersCount: 1, followingCount: 0 });
    expect(await profile(t, fan)).toMatchObject({ followersCount: 0, followingCount: 1 });
    expect(await profile(t, stranger)).toMatchObject({ followersCount: 0, followingCount: 0 });
    for (const user of [friend, fan, stranger]) {
      const shown = await profile(t, user);
      expect(shown.followersCount).toBe(await countRows(t, 'user_follow', { user_to: user.id }));
      expect(shown.followingCount).toBe(await countRows(t, 'user_follow', { user_from: user.id }));
    }
  });
});
