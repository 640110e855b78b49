import { createPost, createUser, type TestUser } from './utils/factories.js';
import { countRows, follow, profile, readPost } from './utils/social.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

/**
 * "Counters are exact, also under concurrent writes": requests are fired at
 * once, and afterwards every counter must equal the rows it counts.
 */
describe('concurrent writes', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const users = async (n: number) => {
    const made: TestUser[] = [];
    for (let i = 0; i < n; i++) made.push(await createUser(t));
    return made;
  };
  const statuses = (responses: { status: number }[]) => responses.map((r) => r.status);

  /** Both follow counters of each user, as shown and as counted from rows. */
  const followCounters = (list: TestUser[]) =>
    Promise.all(
      list.map(async (user) => {
        const { followersCount, followingCount } = await profile(t, user);
        return {
          shown: { followersCount, followingCount },
          rows: {
            followersCount: await countRows(t, 'user_follow', { user_to: user.id }),
            followingCount: await countRows(t, 'user_follow', { user_from: user.id }),
          },
        };
      }),
    );

  it('50 users liking one post at once make likesCount exactly 50', async () => {
    const [author, ...fans] = await users(51);
    const post = await createPost(t, author, 'popular');
    const responses = await Promise.all(
      fans.map((fan) => t.http().put(`/api/posts/${post.id}/like`).set(fan.auth)),
    );
    expect(statuses(responses)).toEqual(fans.map(() => 204));
    expect((await readPost(t, post)).likesCount).toBe(50);
    expect(await countRows(t, 'post_like', { post: post.id })).toBe(50);
    const likers = await t.http().get(`/api/posts/${post.id}/likes?limit=100`).expect(200);
    expect(new Set(likers.body.items.map((u: { id: number }) => u.id))).toEqual(
      new Set(fans.map((f) => f.id)),
    );
  });

  it('20 identical follows at once all answer 204 and count once', async () => {
    const [fan, star] = await users(2);
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => t.http().put(`/api/users/${star.id}/follow`).set(fan.auth)),
    );
    expect(statuses(responses)).toEqual(Array(20).fill(204));
    expect(await countRows(t, 'user_follow', { user_from: fan.id, user_to: star.id })).toBe(1);
    expect((await profile(t, star)).followersCount).toBe(1);
    expect((await profile(t, fan)).followingCount).toBe(1);

    const undo = await Promise.all(
      Array.from({ length: 20 }, () =>
        t.http().delete(`/api/users/${star.id}/follow`).set(fan.auth),
      ),
    );
    expect(statuses(undo)).toEqual(Array(20).fill(204));
    expect(await followCounters([fan, star])).toEqual([
      { shown: { followersCount: 0, followingCount: 0 }, rows: expect.any(Object) },
      { shown: { followersCount: 0, followingCount: 0 }, rows: expect.any(Object) },
    ]);
  });

  it('20 posts by one author at once make postsCount 20', async () => {
    const [author] = await users(1);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t
          .http()
          .post('/api/posts')
          .set(author.auth)
          .send({ text: `burst ${i}` }),
      ),
    );
    expect(statuses(responses)).toEqual(Array(20).fill(201));
    expect(new Set(responses.map((r) => r.body.id)).size).toBe(20);
    expect((await profile(t, author)).postsCount).toBe(20);
    expect(await countRows(t, 'post', { user: author.id })).toBe(20);
  });

  it('likes and unlikes racing each other leave likesCount equal to the likes', async () => {
    const [author, ...fans] = await users(9);
    const post = await createPost(t, author, 'contested');
    // Every fan sends like, unlike, like, unlike, like at once: the order is up to the server.
    const requests = fans.flatMap((fan) =>
      ['put', 'delete', 'put', 'delete', 'put'].map((method) =>
        t.http()[method as 'put' | 'delete'](`/api/posts/${post.id}/like`).set(fan.auth),
      ),
    );
    expect(new Set(statuses(await Promise.all(requests)))).toEqual(new Set([204]));
    const rows = await countRows(t, 'post_like', { post: post.id });
    expect((await readPost(t, post)).likesCount).toBe(rows);
    const likers = await t.http().get(`/api/posts/${post.id}/likes?limit=100`).expect(200);
    expect(likers.body.items).toHaveLength(rows);
    // Settling every fan on "liked" must land exactly on 8, whatever the race left.
    await Promise.all(fans.map((fan) => t.http().put(`/api/posts/${post.id}/like`).set(fan.auth)));
    expect((await readPost(t, post)).likesCount).toBe(8);
  });

  it('a crowd following and unfollowing each other at once keeps every counter exact', async () => {
    const crowd = await users(6);
    const requests = crowd.flatMap((from) =>
      crowd
        .filter((to) => to !== from)
        .flatMap((to) => [
          t.http().put(`/api/users/${to.id}/follow`).set(from.auth),
          t.http().delete(`/api/users/${to.id}/follow`).set(from.auth),
          t.http().put(`/api/users/${to.id}/follow`).set(from.auth),
        ]),
    );
    expect(new Set(statuses(await Promise.all(requests)))).toEqual(new Set([204]));
    for (const { shown, rows } of await followCounters(crowd)) expect(shown).toEqual(rows);
    // Everyone ends up following everyone else: 5 each way.
    await Promise.all(
      crowd.flatMap((from) => crowd.filter((to) => to !== from).map((to) => follow(t, from, to))),
    );
    for (const { shown } of await followCounters(crowd)) {
      expect(shown).toEqual({ followersCount: 5, followingCount: 5 });
    }
  });

  it('racing deletes of one post: one 204, the rest 404, postsCount drops once', async () => {
    const [author] = await users(1);
    await createPost(t, author, 'kept');
    const post = await createPost(t, author, 'deleted once');
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => t.http().delete(`/api/posts/${post.id}`).set(author.auth)),
    );
    expect(statuses(responses).sort()).toEqual([204, ...Array(9).fill(404)]);
    expect((await profile(t, author)).postsCount).toBe(1);
  });

  it('likes racing the deletion of their post answer 204 or 404 and leave no like behind', async () => {
    const [author, ...fans] = await users(11);
    const post = await createPost(t, author, 'short-lived');
    const likes = fans.map((fan) => t.http().put(`/api/posts/${post.id}/like`).set(fan.auth));
    const deletion = t.http().delete(`/api/posts/${post.id}`).set(author.auth);
    const [deleted, ...liked] = await Promise.all([deletion, ...likes]);
    expect(deleted.status).toBe(204);
    for (const status of statuses(liked)) expect([204, 404]).toContain(status);
    expect(await countRows(t, 'post_like', { post: post.id })).toBe(0);
    for (const fan of fans) {
      const res = await t.http().get(`/api/users/${fan.id}/likes`).expect(200);
      expect(res.body.items).toEqual([]);
    }
  });
  it('an account deleted while its likes and follows are in flight: no 5xx, counters exact', async () => {
    const [leaver, author, ...others] = await users(6);
    const posts = [];
    for (let i = 0; i < 10; i++) posts.push(await createPost(t, author, `post ${i}`));
    await follow(t, others[0], leaver);
    const writes = [
      ...posts.map((post) => t.http().put(`/api/posts/${post.id}/like`).set(leaver.auth)),
      ...others.map((other) => t.http().put(`/api/users/${other.id}/follow`).set(leaver.auth)),
      t.http().post('/api/posts').set(leaver.auth).send({ text: 'last words' }),
    ];
    // Sent amid the writes, so that some of them pass the token check before the
    // deletion and reach the database after it.
    const responses = await Promise.all([
      ...writes.slice(0, 8),
      t.http().delete('/api/users/me').set(leaver.auth),
      ...writes.slice(8),
    ]);
    const [deleted] = responses.splice(8, 1);
    const rest = responses;
    expect(deleted.status).toBe(204);
    // Each write either happened before the deletion, or finds the account gone.
    for (const res of rest) expect([201, 204, 401, 404]).toContain(res.status);
    await t.http().get(`/api/users/${leaver.id}`).expect(404);
    for (const post of posts) {
      expect((await readPost(t, post)).likesCount).toBe(
        await countRows(t, 'post_like', { post: post.id }),
      );
    }
    for (const { shown, rows } of await followCounters([author, ...others]))
      expect(shown).toEqual(rows);
  });
});
