import { In } from 'typeorm';
import { UserFollow } from '../src/follows/user-follow.entity.js';
import { Post } from '../src/posts/post.entity.js';
import { User } from '../src/users/user.entity.js';
import {
  collectPages,
  createPost,
  createUser,
  type TestUser,
  uniqueUsername,
} from './utils/factories.js';
import {
  BAD_PAGE_QUERIES,
  BAD_TOKEN,
  badRequest,
  follow,
  like,
  pageIds,
  unauthorized,
  unfollow,
} from './utils/social.js';
import { createTestApp, type TestApp } from './utils/test-app.js';
import { eventually } from './utils/timelines.js';

describe('GET /api/feed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const feedIds = (user: TestUser, limit = 100) =>
    pageIds(t, `/api/feed?limit=${limit}`, user.auth);

  it('needs a valid token', async () => {
    for (const headers of [{}, BAD_TOKEN]) {
      const res = await t.http().get('/api/feed').set(headers).expect(401);
      expect(res.body).toEqual(unauthorized());
    }
  });

  it('is an empty page for a new user who follows nobody', async () => {
    const user = await createUser(t);
    const res = await t.http().get('/api/feed').set(user.auth).expect(200);
    expect(res.body).toEqual({ items: [], nextCursor: null });
  });

  it('shows only your own posts while you follow nobody', async () => {
    const [me, other] = [await createUser(t), await createUser(t)];
    const first = await createPost(t, me, 'one');
    await createPost(t, other, 'not mine');
    const second = await createPost(t, me, 'two');
    expect(await feedIds(me)).toEqual([second.id, first.id]);
  });

  it('holds your posts and those of the users you follow, newest first, and no others', async () => {
    const [me, friend, pal, stranger, fan] = [
      await createUser(t),
      await createUser(t),
      await createUser(t),
      await createUser(t),
      await createUser(t),
    ];
    await follow(t, me, friend);
    await follow(t, me, pal);
    await follow(t, fan, me);
    const expected: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const author of [friend, stranger, me, fan, pal]) {
        const post = await createPost(t, author, `round ${round}`);
        if ([me, friend, pal].includes(author)) expected.unshift(post.id);
      }
    }
    const res = await t.http().get('/api/feed').set(me.auth).expect(200);
    expect(res.body.items.map((p: { id: number }) => p.id)).toEqual(expected);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items[0]).toEqual({
      id: expected[0],
      text: 'round 2',
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      author: { id: pal.id, username: pal.username, name: 'Test User' },
      likesCount: 0,
      liked: false,
    });
    // Following is one-way: the fan sees the author, the author does not see the fan.
    expect(await feedIds(fan)).toHaveLength(6);
  });

  it('drops a user’s posts on unfollow and brings all of them back on follow', async () => {
    const [me, friend] = [await createUser(t), await createUser(t)];
    const older = await createPost(t, friend, 'before the follow');
    const mine = await createPost(t, me, 'mine');
    await follow(t, me, friend);
    const newer = await createPost(t, friend, 'after the follow');
    expect(await feedIds(me)).toEqual([newer.id, mine.id, older.id]);
    await unfollow(t, me, friend);
    expect(await feedIds(me)).toEqual([mine.id]);
    await follow(t, me, friend);
    // Within 5 s, as the contract allows: a worker may bring them into a precomputed timeline.
    const all = [newer.id, mine.id, older.id];
    expect(
      await eventually(
        () => feedIds(me),
        (ids) => ids.length === 3,
      ),
    ).toEqual(all);
  });

  it('drops a deleted post, and shows edits and likes', async () => {
    const [me, friend] = [await createUser(t), await createUser(t)];
    await follow(t, me, friend);
    const kept = await createPost(t, friend, 'draft');
    const doomed = await createPost(t, friend, 'doomed');
    await t.http().delete(`/api/posts/${doomed.id}`).set(friend.auth).expect(204);
    await t
      .http()
      .patch(`/api/posts/${kept.id}`)
      .set(friend.auth)
      .send({ text: 'edited' })
      .expect(200);
    await like(t, me, kept);
    const res = await t.http().get('/api/feed').set(me.auth).expect(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ id: kept.id, text: 'edited', likesCount: 1, liked: true }),
    ]);
    // The feed reads its posts with SQL of its own: each must be the post itself, dates included.
    const post = await t.http().get(`/api/posts/${kept.id}`).set(me.auth).expect(200);
    expect(res.body.items[0]).toEqual(post.body);
  });

  it('pages without repeating or skipping while new posts arrive at the head', async () => {
    const [me, friend, pal] = [await createUser(t), await createUser(t), await createUser(t)];
    await follow(t, me, friend);
    await follow(t, me, pal);
    const authors = [friend, me, pal, pal, friend];
    const snapshot: number[] = [];
    for (let i = 0; i < 11; i++) {
      snapshot.unshift((await createPost(t, authors[i % authors.length], `post ${i}`)).id);
    }
    const arrived: number[] = [];
    const walked = await collectPages<{ id: number }>(t, '/api/feed', 3, me.auth, {
      afterPage: async (items) => {
        expect(items.length).toBeLessThanOrEqual(3);
        // Someone followed, and the caller, publish between page requests.
        arrived.unshift((await createPost(t, arrived.length % 2 ? me : friend, 'late')).id);
      },
    });
    expect(walked.map((p) => p.id)).toEqual(snapshot);
    // The last post of someone followed reaches the feed within 5 s (see the contract).
    const everything = [...arrived, ...snapshot];
    const caughtUp = (ids: number[]) => ids.length === everything.length;
    expect(await eventually(() => feedIds(me), caughtUp)).toEqual(everything);
    const again = await collectPages<{ id: number }>(t, '/api/feed', 4, me.auth);
    expect(again.map((p) => p.id)).toEqual([...arrived, ...snapshot]);
  });

  it('merges the newest posts of more accounts than one statement reads (250 followed)', async () => {
    const reader = await createUser(t);
    // Set up in the database: 250 accounts through the API would take a minute of argon2.
    const users = t.dataSource.getRepository(User);
    const names = Array.from({ length: 250 }, () => uniqueUsername('many'));
    await users.insert(
      names.map((username) => ({
        username,
        usernameLower: username.toLowerCase(),
        name: username,
        followersCount: 1,
        postsCount: 2,
      })),
    );
    const authors = await users.find({ where: { username: In(names) }, order: { id: 'ASC' } });
    await t.dataSource
      .getRepository(UserFollow)
      .insert(authors.map((author) => ({ userFrom: reader.id, userTo: author.id })));
    await users.update({ id: reader.id }, { followingCount: authors.length });
    // Two posts each, in an order that spreads the newest over every statement's authors.
    const order = authors.flatMap((_, i) => [(i * 7) % 250, (i * 13 + 5) % 250]);
    const posts = t.dataSource.getRepository(Post);
    for (const i of order) await posts.insert({ userId: authors[i].id, text: `post of ${i}` });
    const expected = (await posts.find({ where: { userId: In(authors.map((a) => a.id)) } }))
      .map((p) => p.id)
      .sort((a, b) => b - a);
    const walked = await collectPages<{ id: number }>(t, '/api/feed', 21, reader.auth);
    expect(walked.map((p) => p.id)).toEqual(expected);
  });

  it('answers nextCursor null when the last page is exactly full', async () => {
    const me = await createUser(t);
    for (let i = 0; i < 4; i++) await createPost(t, me, `post ${i}`);
    const first = await t.http().get('/api/feed?limit=2').set(me.auth).expect(200);
    const second = await t
      .http()
      .get('/api/feed')
      .query({ limit: 2, cursor: first.body.nextCursor })
      .set(me.auth)
      .expect(200);
    expect(second.body.items).toHaveLength(2);
    expect(second.body.nextCursor).toBeNull();
  });

  it.each([...BAD_PAGE_QUERIES, ['an unknown query field', { authorId: '1' }]] as [
    string,
    Record<string, string>,
  ][])('refuses %s with 400', async (_name, query) => {
    const me = await createUser(t);
    const res = await t.http().get('/api/feed').query(query).set(me.auth).expect(400);
    expect(res.body).toEqual(badRequest());
  });
});
