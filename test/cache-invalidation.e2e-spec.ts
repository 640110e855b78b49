import { LikesService } from '../src/posts/likes.service.js';
import { PostsService } from '../src/posts/posts.service.js';
import { UsersService } from '../src/users/users.service.js';
import { createPost, createUser, type TestUser } from './utils/factories.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

// In process memory by default; against Redis when REDIS_URL is set (npm run test:services).
const store = process.env.REDIS_URL ? 'redis' : 'memory';

/**
 * Invalidation follows domain events, and is as narrow as what changed: a like
 * changes one post, so it must not make every feed and list of posts miss.
 */
describe(`cache invalidation by domain event (${store} store)`, () => {
  let t: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let inFeed: { id: number };
  let elsewhere: { id: number };

  beforeAll(async () => {
    t = await createTestApp();
    [ada, bob, carol] = [await createUser(t), await createUser(t), await createUser(t)];
    inFeed = await createPost(t, ada, 'in bob’s feed');
    elsewhere = await createPost(t, carol, 'not in bob’s feed');
    await t.http().put(`/api/users/${ada.id}/follow`).set(bob.auth).expect(204);
  });
  afterAll(() => t.close());

  const feed = () => t.http().get('/api/feed').set(bob.auth).expect(200);
  const warm = async (read: () => Promise<{ headers: Record<string, string> }>) => {
    await read();
    expect((await read()).headers['x-cache']).toBe('HIT');
  };

  it('a like of a post outside a feed leaves that feed cached', async () => {
    await warm(feed);
    await t.http().put(`/api/posts/${elsewhere.id}/like`).set(ada.auth).expect(204);
    const after = await feed();
    expect(after.headers['x-cache']).toBe('HIT');
    expect(after.body.items.map((p: { id: number }) => p.id)).toEqual([inFeed.id]);
  });

  it('a like of a post in a feed shows its new count there at once, and only it misses', async () => {
    await warm(feed);
    await warm(() => t.http().get('/api/posts').expect(200));
    await t.http().put(`/api/posts/${inFeed.id}/like`).set(carol.auth).expect(204);
    const after = await feed();
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.body.items[0]).toMatchObject({ id: inFeed.id, likesCount: 1, liked: false });
    // The page of ids stayed cached; the post came from the database, then is cached again.
    expect((await feed()).headers['x-cache']).toBe('HIT');
    const list = await t.http().get('/api/posts').expect(200);
    expect(list.body.items.find((p: { id: number }) => p.id === inFeed.id).likesCount).toBe(1);
  });

  it('an edit shows in every list that holds the post, at once', async () => {
    await warm(feed);
    await t.http().patch(`/api/posts/${inFeed.id}`).set(ada.auth).send({ text: 'edited' });
    expect((await feed()).body.items[0].text).toBe('edited');
    const byAuthor = await t.http().get(`/api/posts?authorId=${ada.id}`).expect(200);
    expect(byAuthor.body.items[0].text).toBe('edited');
  });

  it('a rename shows in every cached post by the author, at once', async () => {
    await warm(feed);
    await t.http().patch('/api/users/me').set(ada.auth).send({ name: 'Ada Renamed' }).expect(200);
    expect((await feed()).body.items[0].author.name).toBe('Ada Renamed');
  });

  it('a write made outside HTTP invalidates exactly like one made through it', async () => {
    await warm(feed);
    await warm(() => t.http().get(`/api/users/${ada.id}`).expect(200));
    // Services, as the seed or a background job would call them: no HTTP handler involved.
    await t.app.get(LikesService).like(bob.id, inFeed.id);
    const post = await t.app.get(PostsService).create(ada.id, { text: 'from a job' });
    await t.app.get(UsersService).update(ada.id, { bio: 'written by a job' });
    const page = await feed();
    expect(page.body.items.map((p: { id: number }) => p.id)).toEqual([post.id, inFeed.id]);
    expect(page.body.items[1]).toMatchObject({ likesCount: 2, liked: true });
    const profile = await t.http().get(`/api/users/${ada.id}`).expect(200);
    expect(profile.body).toMatchObject({ bio: 'written by a job', postsCount: 2 });
  });
});
