import { ALL } from '../src/cache/cache-namespaces.js';
import { CacheService } from '../src/cache/cache.service.js';
import { DEMO_PASSWORD, seedDatabase, type SeedSummary } from '../src/seed/seed.js';
import { collectPages } from './utils/factories.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

const SIZE = { users: 80, postsPerUser: 6, followsPerUser: 10, likesPerPost: 4, seed: 7 };

describe('npm run seed (seedDatabase)', () => {
  let t: TestApp;
  let summary: SeedSummary;

  beforeAll(async () => {
    t = await createTestApp();
    summary = await seedDatabase(t.dataSource, { ...SIZE, reset: true });
  });
  afterAll(() => t.close());

  /** Rows of `table` whose `counter` differs from a recount: none, if every counter is right. */
  async function miscounted(table: string, counter: string, recount: string): Promise<number> {
    const q = (name: string) => t.dataSource.driver.escape(name);
    const [row] = await t.dataSource.query(
      `SELECT COUNT(*) AS n FROM ${q(table)} t WHERE t.${q(counter)} <> (${recount})`,
    );
    return Number(row.n);
  }

  async function expectEveryCounterRight(): Promise<void> {
    const q = (name: string) => t.dataSource.driver.escape(name);
    expect(
      await miscounted(
        'user',
        'followers_count',
        `SELECT COUNT(*) FROM ${q('user_follow')} f WHERE f.user_to = t.id`,
      ),
    ).toBe(0);
    expect(
      await miscounted(
        'user',
        'following_count',
        `SELECT COUNT(*) FROM ${q('user_follow')} f WHERE f.user_from = t.id`,
      ),
    ).toBe(0);
    expect(
      await miscounted(
        'user',
        'posts_count',
        `SELECT COUNT(*) FROM ${q('post')} p WHERE p.${q('user')} = t.id`,
      ),
    ).toBe(0);
    expect(
      await miscounted(
        'post',
        'likes_count',
        `SELECT COUNT(*) FROM ${q('post_like')} l WHERE l.post = t.id`,
      ),
    ).toBe(0);
  }

  it('writes the requested numbers of users and posts, with follows and likes', async () => {
    expect(summary).toMatchObject({ users: SIZE.users, posts: SIZE.users * SIZE.postsPerUser });
    expect(summary.follows).toBeGreaterThan(SIZE.users * SIZE.followsPerUser * 0.5);
    expect(summary.likes).toBeGreaterThan(0);
    const users = await t.http().get('/api/users?limit=100').expect(200);
    expect(users.body.items).toHaveLength(SIZE.users);
  });

  it('writes every counter equal to a recount', async () => {
    await expectEveryCounterRight();
  });

  it('lets anyone log in as a seeded user with the demo password, and see a feed', async () => {
    const login = await t
      .http()
      .post('/api/auth/login')
      .send({ username: summary.mostFollowed.username, password: DEMO_PASSWORD })
      .expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const me = await t.http().get('/api/auth/me').set(auth).expect(200);
    expect(me.body.followersCount).toBe(summary.mostFollowed.followers);
    const followers = await collectPages(t, `/api/users/${me.body.id}/followers`, 100);
    expect(followers).toHaveLength(summary.mostFollowed.followers);
    const feed = await t.http().get('/api/feed').set(auth).expect(200);
    for (const post of feed.body.items) {
      expect(post.text.length).toBeGreaterThan(0);
      expect(Date.parse(post.createdAt)).toBeLessThanOrEqual(Date.now());
    }
  });

  it('adds to what is there without --reset, counters still right', async () => {
    const more = await seedDatabase(t.dataSource, { ...SIZE, seed: 8, reset: false });
    expect(more.firstUserId).toBe(SIZE.users + 1);
    // What `npm run seed` does to a shared Redis; an app's in-process cache only expires.
    await t.app.get(CacheService).invalidate([ALL]);
    const users = await collectPages(t, '/api/users', 100);
    expect(users).toHaveLength(SIZE.users * 2);
    await expectEveryCounterRight();
  });
});
