import { collectPages, createUser, uniqueUsername } from './utils/factories.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

describe('users', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('GET /api/users/:id and /api/users/by/username/:username', () => {
    it('returns the public profile, without `following` when anonymous', async () => {
      const user = await createUser(t, { name: 'Grace Hopper' });
      const res = await t.http().get(`/api/users/${user.id}`).expect(200);
      expect(res.body).toEqual({
        id: user.id,
        username: user.username,
        name: 'Grace Hopper',
        bio: '',
        createdAt: expect.any(String),
        followersCount: 0,
        followingCount: 0,
        postsCount: 0,
      });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
    });

    it('adds `following` for an authenticated caller', async () => {
      const [viewer, other] = [await createUser(t), await createUser(t)];
      const before = await t.http().get(`/api/users/${other.id}`).set(viewer.auth).expect(200);
      expect(before.body.following).toBe(false);
      await t.http().put(`/api/users/${other.id}/follow`).set(viewer.auth).expect(204);
      const after = await t.http().get(`/api/users/${other.id}`).set(viewer.auth).expect(200);
      expect(after.body.following).toBe(true);
    });

    it('finds a user by username in any case', async () => {
      const user = await createUser(t);
      const res = await t
        .http()
        .get(`/api/users/by/username/${user.username.toUpperCase()}`)
        .expect(200);
      expect(res.body.id).toBe(user.id);
    });

    it('answers 404 for an unknown user', async () => {
      const res = await t.http().get('/api/users/999999').expect(404);
      expect(res.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: expect.any(String),
      });
      await t.http().get('/api/users/by/username/no_such_user').expect(404);
    });

    it.each(['abc', '0', '-1', '1.5', '1e3', '99999999999999999999'])(
      'answers 400 for the id %s',
      async (id) => {
        const res = await t.http().get(`/api/users/${id}`).expect(400);
        expect(res.body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: expect.any(String),
        });
      },
    );

    it('refuses an invalid token on a public read with 401', async () => {
      const user = await createUser(t);
      await t
        .http()
        .get(`/api/users/${user.id}`)
        .set('Authorization', 'Bearer nonsense')
        .expect(401);
    });
  });

  describe('GET /api/users', () => {
    it('pages through every user newest first, without repeats', async () => {
      for (let i = 0; i < 5; i++) await createUser(t);
      const all = await collectPages<{ id: number }>(t, '/api/users', 2);
      const ids = all.map((u) => u.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
      const count = await t.dataSource.query(
        'SELECT COUNT(*) AS n FROM `user`'.replace(/`/g, q(t)),
      );
      expect(ids.length).toBe(Number(count[0].n));
    });

    it('defaults to 20 items and answers a next cursor', async () => {
      while ((await t.http().get('/api/users').query({ limit: 100 })).body.items.length < 21) {
        await createUser(t);
      }
      const res = await t.http().get('/api/users').expect(200);
      expect(res.body.items).toHaveLength(20);
      expect(typeof res.body.nextCursor).toBe('string');
    });

    it('does not shift pages when users register at the head', async () => {
      for (let i = 0; i < 4; i++) await createUser(t);
      const first = await t.http().get('/api/users').query({ limit: 2 }).expect(200);
      await createUser(t);
      await createUser(t);
      const second = await t
        .http()
        .get('/api/users')
        .query({ limit: 2, cursor: first.body.nextCursor })
        .expect(200);
      const lastOfFirst = first.body.items[1].id;
      expect(second.body.items[0].id).toBeLessThan(lastOfFirst);
      const expected = await t.http().get('/api/users').query({ limit: 100 }).expect(200);
      const ids: number[] = expected.body.items.map((u: { id: number }) => u.id);
      expect(second.body.items.map((u: { id: number }) => u.id)).toEqual(
        ids.filter((id) => id < lastOfFirst).slice(0, 2),
      );
    });

    it.each([
      ['limit=0'],
      ['limit=101'],
      ['limit=abc'],
      ['limit=2.5'],
      ['cursor=garbage!'],
      ['cursor=djE6LTE'],
      ['unknown=1'],
    ])('answers 400 for %s', async (query) => {
      const res = await t.http().get(`/api/users?${query}`).expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.anything(),
      });
    });
  });

  describe('PATCH /api/users/me', () => {
    it('updates name, bio and username', async () => {
      const user = await createUser(t);
      const username = uniqueUsername('renamed');
      const res = await t
        .http()
        .patch('/api/users/me')
        .set(user.auth)
        .send({ name: '  New Name ', bio: 'Writes code.', username })
        .expect(200);
      expect(res.body).toMatchObject({
        id: user.id,
        name: 'New Name',
        bio: 'Writes code.',
        username,
      });
      await t.http().get(`/api/users/by/username/${username}`).expect(200);
      await t.http().get(`/api/users/by/username/${user.username}`).expect(404);
      await t
        .http()
        .post('/api/auth/login')
        .send({ username, password: user.password })
        .expect(200);
    });

    it('answers 409 for a username taken in another case, and changes nothing', async () => {
      const [user, other] = [await createUser(t, { name: 'Keep Me' }), await createUser(t)];
      await t
        .http()
        .patch('/api/users/me')
        .set(user.auth)
        .send({ username: other.username.toUpperCase(), name: 'Changed' })
        .expect(409);
      const res = await t.http().get(`/api/users/${user.id}`).expect(200);
      expect(res.body).toMatchObject({ username: user.username, name: 'Keep Me' });
    });

    it('counts characters as the database does: emoji fit, one too many is a 400', async () => {
      const user = await createUser(t);
      const name = '❤️'.repeat(25); // 50 code points: a heart and a variation selector each
      const bio = '😀'.repeat(160);
      const res = await t
        .http()
        .patch('/api/users/me')
        .set(user.auth)
        .send({ name, bio })
        .expect(200);
      expect(res.body).toMatchObject({ name, bio });
      await t
        .http()
        .patch('/api/users/me')
        .set(user.auth)
        .send({ name: '❤️'.repeat(26) })
        .expect(400);
      expect((await t.http().get(`/api/users/${user.id}`)).body.name).toBe(name);
    });

    it('lets a user change the case of their own username', async () => {
      const user = await createUser(t);
      await t
        .http()
        .patch('/api/users/me')
        .set(user.auth)
        .send({ username: user.username.toUpperCase() })
        .expect(200);
    });

    it.each([
      ['a blank name', { name: '  ' }],
      ['a long bio', { bio: 'b'.repeat(161) }],
      ['a bad username', { username: 'no-dashes' }],
      ['an unknown field', { followersCount: 1000 }],
      ['a credential field', { password: 'sneaky password' }],
      ['a null name', { name: null }],
    ])('answers 400 for %s', async (_case, body) => {
      const user = await createUser(t);
      await t.http().patch('/api/users/me').set(user.auth).send(body).expect(400);
      const res = await t.http().get(`/api/users/${user.id}`).expect(200);
      expect(res.body).toMatchObject({ name: 'Test User', bio: '', followersCount: 0 });
    });

    it('needs a token', async () => {
      await t.http().patch('/api/users/me').send({ name: 'x' }).expect(401);
    });
  });

  describe('DELETE /api/users/me', () => {
    it('removes the account and its credentials', async () => {
      const user = await createUser(t);
      await t.http().delete('/api/users/me').set(user.auth).expect(204);
      await t.http().get(`/api/users/${user.id}`).expect(404);
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(401);
      await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: user.refreshToken })
        .expect(401);
      // The access token of a deleted user is refused, even on a public read.
      await t.http().get('/api/auth/me').set(user.auth).expect(401);
      await t.http().get('/api/users').set(user.auth).expect(401);
      for (const table of ['auth', 'auth_session']) {
        const rows = await t.dataSource.query(
          `SELECT COUNT(*) AS n FROM ${q(t)}${table}${q(t)} WHERE user_id = ?`,
          [user.id],
        );
        expect(Number(rows[0].n)).toBe(0);
      }
    });

    it('frees the username', async () => {
      const user = await createUser(t);
      await t.http().delete('/api/users/me').set(user.auth).expect(204);
      await createUser(t, { username: user.username });
    });

    it('needs a token', async () => {
      await t.http().delete('/api/users/me').expect(401);
    });
  });
});

/** The identifier quote of the database under test. */
function q(t: TestApp): string {
  return t.dataSource.options.type === 'better-sqlite3' ? '"' : '`';
}
