import { collectPages, createUser, type TestUser } from './utils/factories.js';
import {
  BAD_IDS,
  BAD_PAGE_QUERIES,
  BAD_TOKEN,
  badRequest,
  countRows,
  follow,
  ISO_UTC,
  notFound,
  pageIds,
  profile,
  unauthorized,
  unfollow,
  UNKNOWN_ID,
} from './utils/social.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

describe('follows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const counters = async (user: TestUser) => {
    const { followersCount, followingCount } = await profile(t, user);
    return { followersCount, followingCount };
  };

  describe('PUT /api/users/:id/follow', () => {
    it('answers 204 with no body and moves both counters by one', async () => {
      const [alice, bob] = [await createUser(t), await createUser(t)];
      const res = await t.http().put(`/api/users/${bob.id}/follow`).set(alice.auth).expect(204);
      expect(res.text).toBe('');
      expect(await counters(alice)).toEqual({ followersCount: 0, followingCount: 1 });
      expect(await counters(bob)).toEqual({ followersCount: 1, followingCount: 0 });
    });

    it('is idempotent: a repeat answers 204 and changes nothing', async () => {
      const [alice, bob] = [await createUser(t), await createUser(t)];
      await follow(t, alice, bob);
      await follow(t, alice, bob);
      await follow(t, alice, bob);
      expect(await counters(alice)).toEqual({ followersCount: 0, followingCount: 1 });
      expect(await counters(bob)).toEqual({ followersCount: 1, followingCount: 0 });
      expect(await pageIds(t, `/api/users/${bob.id}/followers`)).toEqual([alice.id]);
      expect(await countRows(t, 'user_follow', { user_from: alice.id, user_to: bob.id })).toBe(1);
    });

    it('lets two users follow each other', async () => {
      const [alice, bob] = [await createUser(t), await createUser(t)];
      await follow(t, alice, bob);
      await follow(t, bob, alice);
      expect(await counters(alice)).toEqual({ followersCount: 1, followingCount: 1 });
      expect(await counters(bob)).toEqual({ followersCount: 1, followingCount: 1 });
    });

    it('refuses to follow yourself with 400 and counts nothing', async () => {
      const alice = await createUser(t);
      const res = await t.http().put(`/api/users/${alice.id}/follow`).set(alice.auth).expect(400);
      expect(res.body).toEqual(badRequest());
      expect(await counters(alice)).toEqual({ followersCount: 0, followingCount: 0 });
    });

    it('answers 404 for an unknown user and counts nothing', async () => {
      const alice = await createUser(t);
      const res = await t.http().put(`/api/users/${UNKNOWN_ID}/follow`).set(alice.auth).expect(404);
      expect(res.body).toEqual(notFound());
      expect(await counters(alice)).toEqual({ followersCount: 0, followingCount: 0 });
    });

    it('needs a valid token', async () => {
      const bob = await createUser(t);
      for (const headers of [{}, BAD_TOKEN]) {
        const res = await t.http().put(`/api/users/${bob.id}/follow`).set(headers).expect(401);
        expect(res.body).toEqual(unauthorized());
      }
      expect(await counters(bob)).toEqual({ followersCount: 0, followingCount: 0 });
    });
  });

  describe('DELETE /api/users/:id/follow', () => {
    it('unfollows: 204, and both counters go back', async () => {
      const [alice, bob] = [await createUser(t), await createUser(t)];
      await follow(t, alice, bob);
      const res = await t.http().delete(`/api/users/${bob.id}/follow`).set(alice.auth).expect(204);
      expect(res.text).toBe('');
      expect(await counters(alice)).toEqual({ followersCount: 0, followingCount: 0 });
      expect(await counters(bob)).toEqual({ followersCount: 0, followingCount: 0 });
      expect(await pageIds(t, `/api/users/${bob.id}/followers`)).toEqual([]);
    });

    it('is idempotent: unfollowing someone you do not follow changes nothing', async () => {
      const [alice, bob, carol] = [await createUser(t), await createUser(t), await createUser(t)];
      await follow(t, carol, bob);
      await unfollow(t, alice, bob);
      await follow(t, alice, bob);
      await unfollow(t, alice, bob);
      await unfollow(t, alice, bob);
      expect(await counters(alice)).toEqual({ followersCount: 0, followingCount: 0 });
      expect(await counters(bob)).toEqual({ followersCount: 1, followingCount: 0 });
      expect(await counters(carol)).toEqual({ followersCount: 0, followingCount: 1 });
    });

    it('answers 404 for an unknown user, and 401 without a token', async () => {
      const alice = await createUser(t);
      const res = await t
        .http()
        .delete(`/api/users/${UNKNOWN_ID}/follow`)
        .set(alice.auth)
        .expect(404);
      expect(res.body).toEqual(notFound());
      const anonymous = await t.http().delete(`/api/users/${alice.id}/follow`).expect(401);
      expect(anonymous.body).toEqual(unauthorized());
    });
  });

  it.each(BAD_IDS)('refuses the path id %p with 400 on PUT and DELETE', async (id) => {
    const alice = await createUser(t);
    for (const method of ['put', 'delete'] as const) {
      const res = await t.http()[method](`/api/users/${id}/follow`).set(alice.auth).expect(400);
      expect(res.body).toEqual(badRequest());
    }
  });

  describe('GET /api/users/:id/followers and /following', () => {
    // bob is followed by fans[1], fans[2], fans[0], in that order: not the order of their ids.
    let bob: TestUser;
    let fans: TestUser[];
    beforeAll(async () => {
      bob = await createUser(t);
      fans = [await createUser(t), await createUser(t), await createUser(t)];
      for (const fan of [fans[1], fans[2], fans[0]]) await follow(t, fan, bob);
    });

    it('lists full profiles, most recent follow first', async () => {
      const res = await t.http().get(`/api/users/${bob.id}/followers`).expect(200);
      expect(res.body).toEqual({
        items: [fans[0], fans[2], fans[1]].map((fan) => ({
          id: fan.id,
          username: fan.username,
          name: 'Test User',
          bio: '',
          createdAt: expect.stringMatching(ISO_UTC),
          followersCount: 0,
          followingCount: 1,
          postsCount: 0,
        })),
        nextCursor: null,
      });
    });

    it('puts a renewed follow first again', async () => {
      const [star, a, b] = [await createUser(t), await createUser(t), await createUser(t)];
      await follow(t, a, star);
      await follow(t, b, star);
      await unfollow(t, a, star);
      await follow(t, a, star);
      expect(await pageIds(t, `/api/users/${star.id}/followers`)).toEqual([a.id, b.id]);
    });

    it('lists whom a user follows, most recent follow first', async () => {
      const [fan, x, y, z] = [
        await createUser(t),
        await createUser(t),
        await createUser(t),
        await createUser(t),
      ];
      for (const target of [y, z, x]) await follow(t, fan, target);
      await unfollow(t, fan, z);
      const res = await t.http().get(`/api/users/${fan.id}/following`).expect(200);
      expect(res.body.items.map((u: { id: number }) => u.id)).toEqual([x.id, y.id]);
      expect(res.body.items[0]).toMatchObject({ id: x.id, followersCount: 1 });
      expect(res.body.nextCursor).toBeNull();
    });

    it('is an empty page for a user with no follows', async () => {
      const loner = await createUser(t);
      for (const list of ['followers', 'following']) {
        const res = await t.http().get(`/api/users/${loner.id}/${list}`).expect(200);
        expect(res.body).toEqual({ items: [], nextCursor: null });
      }
    });

    it('pages with limit and cursor, without repeating or skipping anyone', async () => {
      const star = await createUser(t);
      const followers: TestUser[] = [];
      for (let i = 0; i < 5; i++) {
        followers.push(await createUser(t));
        await follow(t, followers[i], star);
      }
      const expected = followers.map((f) => f.id).reverse();
      const first = await t.http().get(`/api/users/${star.id}/followers?limit=2`).expect(200);
      expect(first.body.items.map((u: { id: number }) => u.id)).toEqual(expected.slice(0, 2));
      expect(first.body.nextCursor).toEqual(expect.any(String));
      // A follow arriving at the head between two pages shifts nothing.
      const newcomer = await createUser(t);
      await follow(t, newcomer, star);
      const second = await t
        .http()
        .get(`/api/users/${star.id}/followers`)
        .query({ limit: 2, cursor: first.body.nextCursor })
        .expect(200);
      expect(second.body.items.map((u: { id: number }) => u.id)).toEqual(expected.slice(2, 4));
      expected.unshift(newcomer.id);
      for (const limit of [1, 2, 5, 6, 100]) {
        const all = await collectPages<{ id: number }>(t, `/api/users/${star.id}/followers`, limit);
        expect(all.map((u) => u.id)).toEqual(expected);
      }
      const exact = await t.http().get(`/api/users/${star.id}/followers?limit=6`).expect(200);
      expect(exact.body.nextCursor).toBeNull();
      for (let i = 0; i < 3; i++) await follow(t, star, followers[i]);
      const following = await collectPages<{ id: number }>(t, `/api/users/${star.id}/following`, 2);
      expect(following.map((u) => u.id)).toEqual([2, 1, 0].map((i) => followers[i].id));
    });

    it.each(['followers', 'following'])(
      '%s: 404 for an unknown user, 400 for a bad id',
      async (list) => {
        const res = await t.http().get(`/api/users/${UNKNOWN_ID}/${list}`).expect(404);
        expect(res.body).toEqual(notFound());
        const bad = await t.http().get(`/api/users/abc/${list}`).expect(400);
        expect(bad.body).toEqual(badRequest());
      },
    );

    it.each(
      BAD_PAGE_QUERIES.flatMap(([name, query]) =>
        ['followers', 'following'].map((list) => [list, name, query] as const),
      ),
    )('%s: refuses %s with 400', async (list, _name, query) => {
      const res = await t.http().get(`/api/users/${bob.id}/${list}`).query(query).expect(400);
      expect(res.body).toEqual(badRequest());
    });

    it('adds `following` only for an authenticated caller, from that caller’s view', async () => {
      const anonymous = await t.http().get(`/api/users/${bob.id}/followers`).expect(200);
      for (const item of anonymous.body.items) expect(item).not.toHaveProperty('following');

      // fans[2] follows fans[0]; fans[0] follows nobody but bob.
      await follow(t, fans[2], fans[0]);
      const view = async (caller: TestUser) => {
        const res = await t.http().get(`/api/users/${bob.id}/followers`).set(caller.auth);
        expect(res.status).toBe(200);
        return Object.fromEntries(
          res.body.items.map((u: { id: number; following: boolean }) => [u.id, u.following]),
        );
      };
      expect(await view(fans[2])).toEqual({
        [fans[0].id]: true,
        [fans[2].id]: false,
        [fans[1].id]: false,
      });
      expect(await view(fans[0])).toEqual({
        [fans[0].id]: false,
        [fans[2].id]: false,
        [fans[1].id]: false,
      });
      const following = await t.http().get(`/api/users/${fans[0].id}/following`).set(fans[0].auth);
      expect(following.body.items).toEqual([
        expect.objectContaining({ id: bob.id, following: true }),
      ]);
      await unfollow(t, fans[2], fans[0]);
      expect((await view(fans[2]))[fans[0].id]).toBe(false);
    });

    it('refuses a bad token on these public reads with 401', async () => {
      for (const list of ['followers', 'following']) {
        const res = await t.http().get(`/api/users/${bob.id}/${list}`).set(BAD_TOKEN).expect(401);
        expect(res.body).toEqual(unauthorized());
      }
    });
  });
});
