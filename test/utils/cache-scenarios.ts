import { createPost, createUser, type TestUser } from './factories.js';
import { type TestApp } from './test-app.js';
import { eventually } from './timelines.js';

/** Who writes and who reads: the same app, or two apps sharing one Redis. */
export interface Apps {
  writer: TestApp;
  reader: TestApp;
}

type Headers = Record<string, string>;
interface Item {
  id: number;
}
interface Page<T = Item> {
  items: T[];
}

const ids = (page: Page) => page.items.map((item) => item.id);
const postsCountInList = (page: Page<Item & { postsCount: number }>, user: Item) =>
  page.items.find((u) => u.id === user.id)?.postsCount;

/**
 * Every write of the contract that changes something a cached read shows,
 * each followed by reads that must show it. The reads are primed first and
 * must answer HIT before the write, so a missed invalidation would be served.
 */
export function readYourWritesScenarios(apps: () => Apps): void {
  const w = () => apps().writer.http();
  const read = (path: string, headers: Headers = {}) => apps().reader.http().get(path).set(headers);

  /**
   * Reads twice through the reader; the second read must come from the cache.
   * A feed page alone may rightly miss again: a first read of a timeline that
   * is not built asks for its rebuild, and a job that writes into a rebuild
   * under way (the merge of a follow made just before) replaces `home:{id}`,
   * within the contract's 5 s. So a feed is read in pairs until the second of
   * a pair is a hit, for at most 5 s; every other read must hit at once.
   */
  async function primed(path: string, headers: Headers = {}) {
    const pair = async () => {
      const first = await read(path, headers).expect(200);
      return { first, second: await read(path, headers).expect(200) };
    };
    const { first, second } = path.startsWith('/api/feed')
      ? await eventually(pair, (p) => p.second.headers['x-cache'] === 'HIT')
      : await pair();
    expect({ path, cache: second.headers['x-cache'] }).toEqual({ path, cache: 'HIT' });
    expect(second.body).toEqual(first.body);
    return second.body;
  }

  async function body(path: string, headers: Headers = {}) {
    return (await read(path, headers).expect(200)).body;
  }

  const follow = (a: TestUser, b: TestUser) =>
    w().put(`/api/users/${b.id}/follow`).set(a.auth).expect(204);
  const like = (u: TestUser, post: Item) =>
    w().put(`/api/posts/${post.id}/like`).set(u.auth).expect(204);
  const users = (prefix: string) =>
    Promise.all([createUser(apps().writer, { name: `${prefix} A` }), createUser(apps().writer)]);

  it('POST /api/auth/register: the user list shows the new user', async () => {
    await primed('/api/users');
    const user = await createUser(apps().writer);
    expect(ids(await body('/api/users'))[0]).toBe(user.id);
  });

  it('PATCH /api/users/me: the new name shows in the profile, lists, posts, likes and feeds', async () => {
    const [ada, bob] = await users('Old');
    const post = await createPost(apps().writer, ada);
    await follow(bob, ada);
    await like(ada, post);
    const paths = [
      `/api/users/${ada.id}`,
      `/api/users/by/username/${ada.username}`,
      `/api/posts/${post.id}`,
      `/api/posts/${post.id}/likes`,
      `/api/users/${bob.id}/following`,
      `/api/users/${ada.id}/likes`,
      `/api/posts?authorId=${ada.id}`,
      '/api/users',
      '/api/posts',
    ];
    for (const path of paths) await primed(path);
    await primed('/api/feed', bob.auth);

    const username = `${ada.username}_x`;
    await w().patch('/api/users/me').set(ada.auth).send({ name: 'New Name', username }).expect(200);

    expect(await body(`/api/users/${ada.id}`)).toMatchObject({ name: 'New Name', username });
    await read(`/api/users/by/username/${ada.username}`).expect(404);
    expect(await body(`/api/users/by/username/${username}`)).toMatchObject({ id: ada.id });
    const author = { id: ada.id, username, name: 'New Name' };
    expect((await body(`/api/posts/${post.id}`)).author).toEqual(author);
    const profileIn = (page: Page<{ id: number; name: string }>) =>
      page.items.find((u) => u.id === ada.id);
    expect(profileIn(await body(`/api/posts/${post.id}/likes`))?.name).toBe('New Name');
    expect(profileIn(await body(`/api/users/${bob.id}/following`))?.name).toBe('New Name');
    expect(profileIn(await body('/api/users'))?.name).toBe('New Name');
    for (const path of [
      `/api/users/${ada.id}/likes`,
      `/api/posts?authorId=${ada.id}`,
      '/api/posts',
    ]) {
      expect({ path, author: (await body(path)).items[0].author }).toEqual({ path, author });
    }
    expect((await body('/api/feed', bob.auth)).items[0].author).toEqual(author);
  });

  it('DELETE /api/users/me: the account, its posts, likes and follows are gone everywhere', async () => {
    const [ada, bob] = await users('Leaving');
    const adaPost = await createPost(apps().writer, ada);
    const bobPost = await createPost(apps().writer, bob);
    await follow(bob, ada);
    await follow(ada, bob);
    await like(ada, bobPost);
    for (const path of [
      `/api/users/${ada.id}`,
      `/api/users/${bob.id}`,
      `/api/posts/${adaPost.id}`,
      `/api/posts/${bobPost.id}`,
      `/api/posts/${bobPost.id}/likes`,
      `/api/users/${bob.id}/followers`,
      '/api/users',
      '/api/posts',
    ]) {
      await primed(path);
    }
    await primed('/api/feed', bob.auth);

    await w().delete('/api/users/me').set(ada.auth).expect(204);

    await read(`/api/users/${ada.id}`).expect(404);
    await read(`/api/posts/${adaPost.id}`).expect(404);
    expect(await body(`/api/users/${bob.id}`)).toMatchObject({
      followersCount: 0,
      followingCount: 0,
    });
    expect(await body(`/api/posts/${bobPost.id}`)).toMatchObject({ likesCount: 0 });
    expect(ids(await body(`/api/posts/${bobPost.id}/likes`))).toEqual([]);
    expect(ids(await body(`/api/users/${bob.id}/followers`))).toEqual([]);
    expect(ids(await body('/api/users'))).not.toContain(ada.id);
    expect(ids(await body('/api/posts'))).not.toContain(adaPost.id);
    expect(ids(await body('/api/feed', bob.auth))).toEqual([bobPost.id]);
  });

  it("DELETE /api/users/me: the account's access token is refused on its warm feed page", async () => {
    const [ada, bob] = await users('Gone');
    await createPost(apps().writer, ada);
    await follow(bob, ada);
    await primed('/api/feed', bob.auth);
    await primed('/api/posts', bob.auth);

    await w().delete('/api/users/me').set(bob.auth).expect(204);

    await read('/api/feed', bob.auth).expect(401);
    await read('/api/posts', bob.auth).expect(401);
  });

  it('PUT /api/auth/password: a token from before is refused on a warm feed page, a new one is served', async () => {
    const [ada, bob] = await users('Secret');
    const post = await createPost(apps().writer, ada);
    await follow(bob, ada);
    await primed('/api/feed', bob.auth);
    await primed(`/api/posts/${post.id}`, bob.auth);

    await w()
      .put('/api/auth/password')
      .set(bob.auth)
      .send({ currentPassword: bob.password, newPassword: 'a brand new secret' })
      .expect(204);

    await read('/api/feed', bob.auth).expect(401);
    await read(`/api/posts/${post.id}`, bob.auth).expect(401);
    const session = await w()
      .post('/api/auth/login')
      .send({ username: bob.username, password: 'a brand new secret' })
      .expect(200);
    const fresh = { Authorization: `Bearer ${session.body.accessToken}` };
    expect(ids(await body('/api/feed', fresh))).toEqual([post.id]);
  });

  it('PUT and DELETE /api/users/:id/follow: counters, follower lists and the feed follow', async () => {
    const [ada, bob] = await users('Follower');
    const bobPost = await createPost(apps().writer, bob);
    const reads = async () => ({
      followers: (await body(`/api/users/${bob.id}`)).followersCount,
      following: (await body(`/api/users/${ada.id}`)).followingCount,
      inList: (await body('/api/users')).items.find((u: Item) => u.id === bob.id).followersCount,
      followerIds: ids(await body(`/api/users/${bob.id}/followers`)),
      followingIds: ids(await body(`/api/users/${ada.id}/following`)),
      feed: ids(await body('/api/feed', ada.auth)),
    });
    const primeAll = async () => {
      for (const path of [
        `/api/users/${bob.id}`,
        `/api/users/${ada.id}`,
        '/api/users',
        `/api/users/${bob.id}/followers`,
        `/api/users/${ada.id}/following`,
      ]) {
        await primed(path);
      }
      await primed('/api/feed', ada.auth);
    };

    await primeAll();
    await follow(ada, bob);
    // The followed author's posts reach the feed within 5 s (the contract's one
    // exception to reading one's writes); every other read shows the follow at once.
    await eventually(
      async () => ids(await body('/api/feed', ada.auth)),
      (f) => f.length > 0,
    );
    expect(await reads()).toEqual({
      followers: 1,
      following: 1,
      inList: 1,
      followerIds: [ada.id],
      followingIds: [bob.id],
      feed: [bobPost.id],
    });

    await primeAll();
    await w().delete(`/api/users/${bob.id}/follow`).set(ada.auth).expect(204);
    expect(await reads()).toEqual({
      followers: 0,
      following: 0,
      inList: 0,
      followerIds: [],
      followingIds: [],
      feed: [],
    });
  });

  it('POST /api/posts: the post shows in lists and feeds, and in postsCount', async () => {
    const [ada, bob] = await users('Poster');
    await follow(bob, ada);
    const paths = [
      `/api/users/${ada.id}`,
      `/api/posts?authorId=${ada.id}`,
      '/api/posts',
      '/api/users',
    ];
    for (const path of paths) await primed(path);
    await primed('/api/feed', bob.auth);
    await primed('/api/feed', ada.auth);

    const post = await createPost(apps().writer, ada, 'fresh');

    expect((await body(`/api/users/${ada.id}`)).postsCount).toBe(1);
    expect(postsCountInList(await body('/api/users'), ada)).toBe(1);
    expect(ids(await body(`/api/posts?authorId=${ada.id}`))).toEqual([post.id]);
    expect(ids(await body('/api/posts'))[0]).toBe(post.id);
    // The author sees it at once; a follower within 5 s (the contract's one exception).
    expect(ids(await body('/api/feed', ada.auth))).toEqual([post.id]);
    const bobsFeed = () => body('/api/feed', bob.auth).then(ids);
    expect(await eventually(bobsFeed, (f) => f.length > 0)).toEqual([post.id]);
  });

  it('PATCH /api/posts/:id: the new text shows in the post, lists, likes and feeds', async () => {
    const [ada, bob] = await users('Editor');
    const post = await createPost(apps().writer, ada, 'first draft');
    await follow(bob, ada);
    await like(bob, post);
    const paths = [
      `/api/posts/${post.id}`,
      `/api/posts?authorId=${ada.id}`,
      `/api/users/${bob.id}/likes`,
      '/api/posts',
    ];
    for (const path of paths) await primed(path);
    await primed('/api/feed', bob.auth);

    await w().patch(`/api/posts/${post.id}`).set(ada.auth).send({ text: 'final' }).expect(200);

    expect((await body(`/api/posts/${post.id}`)).text).toBe('final');
    for (const path of paths.slice(1)) {
      const text = (await body(path)).items.find((p: Item) => p.id === post.id).text;
      expect({ path, text }).toEqual({ path, text: 'final' });
    }
    expect((await body('/api/feed', bob.auth)).items[0].text).toBe('final');
  });

  it('DELETE /api/posts/:id: the post is gone everywhere and postsCount drops', async () => {
    const [ada, bob] = await users('Deleter');
    const post = await createPost(apps().writer, ada);
    await follow(bob, ada);
    await like(bob, post);
    for (const path of [
      `/api/posts/${post.id}`,
      `/api/posts/${post.id}/likes`,
      `/api/users/${ada.id}`,
      `/api/users/${bob.id}/likes`,
      `/api/posts?authorId=${ada.id}`,
      '/api/posts',
      '/api/users',
    ]) {
      await primed(path);
    }
    await primed('/api/feed', bob.auth);

    await w().delete(`/api/posts/${post.id}`).set(ada.auth).expect(204);

    await read(`/api/posts/${post.id}`).expect(404);
    await read(`/api/posts/${post.id}/likes`).expect(404);
    expect((await body(`/api/users/${ada.id}`)).postsCount).toBe(0);
    expect(postsCountInList(await body('/api/users'), ada)).toBe(0);
    expect(ids(await body(`/api/users/${bob.id}/likes`))).toEqual([]);
    expect(ids(await body(`/api/posts?authorId=${ada.id}`))).toEqual([]);
    expect(ids(await body('/api/posts'))).not.toContain(post.id);
    expect(ids(await body('/api/feed', bob.auth))).toEqual([]);
  });

  it('PUT and DELETE /api/posts/:id/like: likesCount and like lists follow', async () => {
    const [ada, bob] = await users('Liker');
    const post = await createPost(apps().writer, ada);
    await follow(bob, ada);
    const reads = async () => ({
      post: (await body(`/api/posts/${post.id}`)).likesCount,
      list: (await body('/api/posts')).items.find((p: Item) => p.id === post.id).likesCount,
      feed: (await body('/api/feed', bob.auth)).items[0].likesCount,
      feedLiked: (await body('/api/feed', bob.auth)).items[0].liked,
      likers: ids(await body(`/api/posts/${post.id}/likes`)),
      liked: ids(await body(`/api/users/${bob.id}/likes`)),
    });
    const primeAll = async () => {
      for (const path of [
        `/api/posts/${post.id}`,
        '/api/posts',
        `/api/posts/${post.id}/likes`,
        `/api/users/${bob.id}/likes`,
      ]) {
        await primed(path);
      }
      await primed('/api/feed', bob.auth);
    };

    await primeAll();
    await like(bob, post);
    expect(await reads()).toEqual({
      post: 1,
      list: 1,
      feed: 1,
      feedLiked: true,
      likers: [bob.id],
      liked: [post.id],
    });

    await primeAll();
    await w().delete(`/api/posts/${post.id}/like`).set(bob.auth).expect(204);
    expect(await reads()).toEqual({
      post: 0,
      list: 0,
      feed: 0,
      feedLiked: false,
      likers: [],
      liked: [],
    });
  });
}
