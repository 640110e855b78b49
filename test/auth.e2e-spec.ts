import { createUser, uniqueUsername } from './utils/factories.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

describe('auth', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  describe('POST /api/auth/register', () => {
    it('creates the account and returns a session without credentials', async () => {
      const username = uniqueUsername('ada');
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({ username, name: '  Ada Lovelace ', password: 'correct horse battery' })
        .expect(201);
      expect(res.body).toEqual({
        user: {
          id: expect.any(Number),
          username,
          name: 'Ada Lovelace',
          bio: '',
          createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          followersCount: 0,
          followingCount: 0,
          postsCount: 0,
        },
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 900,
        refreshToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
    });

    it('refuses a username taken in any case with 409', async () => {
      const user = await createUser(t);
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({
          username: user.username.toUpperCase(),
          name: 'Other',
          password: 'another password',
        })
        .expect(409);
      expect(res.body).toEqual({ statusCode: 409, error: 'Conflict', message: expect.any(String) });
    });

    it.each([
      ['a missing field', { username: 'someone_ok', name: 'x' }],
      ['a short username', { username: 'ab', name: 'x', password: 'password123' }],
      ['a username with a space', { username: 'has space', name: 'x', password: 'password123' }],
      ['a blank name', { username: 'someone_ok', name: '   ', password: 'password123' }],
      ['a long name', { username: 'someone_ok', name: 'n'.repeat(51), password: 'password123' }],
      ['a short password', { username: 'someone_ok', name: 'x', password: 'short' }],
      ['a long password', { username: 'someone_ok', name: 'x', password: 'p'.repeat(129) }],
      ['a number for a string', { username: 12345, name: 'x', password: 'password123' }],
      [
        'an unknown field',
        { username: 'someone_ok', name: 'x', password: 'password123', isAdmin: true },
      ],
    ])('refuses %s with 400 in the error shape', async (_case, body) => {
      const res = await t.http().post('/api/auth/register').send(body).expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.any(Array),
      });
    });

    it('stores nothing when validation fails', async () => {
      await t
        .http()
        .post('/api/auth/register')
        .send({ username: 'never_made', name: 'x' })
        .expect(400);
      await t.http().get('/api/users/by/username/never_made').expect(404);
    });

    it('ignores an invalid Authorization header', async () => {
      await t
        .http()
        .post('/api/auth/register')
        .set('Authorization', 'Bearer not-a-token')
        .send({ username: uniqueUsername(), name: 'X', password: 'password123' })
        .expect(201);
    });
  });

  describe('POST /api/auth/login', () => {
    it('returns a session for the right password, with the username in any case', async () => {
      const user = await createUser(t);
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username.toUpperCase(), password: user.password })
        .expect(200);
      expect(res.body.user.id).toBe(user.id);
      await t
        .http()
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${res.body.accessToken}`)
        .expect(200);
    });

    it('gives one 401 message for an unknown user and a wrong password', async () => {
      const user = await createUser(t);
      const wrong = await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: 'not the password' })
        .expect(401);
      const unknown = await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'nobody_here', password: 'not the password' })
        .expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.any(String),
      });
    });

    it('works with a stale token in the header', async () => {
      const user = await createUser(t);
      await t
        .http()
        .post('/api/auth/login')
        .set('Authorization', 'Bearer expired.or.tampered')
        .send({ username: user.username, password: user.password })
        .expect(200);
    });

    it('refuses a malformed body with 400', async () => {
      await t.http().post('/api/auth/login').send({ username: 'x' }).expect(400);
    });
  });

  describe('POST /api/auth/refresh', () => {
    it('rotates: a new pair, and the presented token stops working', async () => {
      const user = await createUser(t);
      const first = await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: user.refreshToken })
        .expect(200);
      expect(first.body.refreshToken).not.toBe(user.refreshToken);
      expect(first.body.user.id).toBe(user.id);
      await t
        .http()
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${first.body.accessToken}`)
        .expect(200);
      await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: first.body.refreshToken })
        .expect(200);
    });

    it('on reuse of a spent token, revokes every token of that login', async () => {
      const user = await createUser(t);
      const next = await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: user.refreshToken })
        .expect(200);
      // The original token is replayed (say, stolen): 401, and the family dies.
      await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: user.refreshToken })
        .expect(401);
      await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: next.body.refreshToken })
        .expect(401);
    });

    it('leaves other logins alone on reuse', async () => {
      const user = await createUser(t);
      const other = await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
      await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: user.refreshToken })
        .expect(200);
      await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: user.refreshToken })
        .expect(401);
      await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: other.body.refreshToken })
        .expect(200);
    });

    it('lets only one of two concurrent refreshes with the same token win', async () => {
      const user = await createUser(t);
      const results = await Promise.all(
        [1, 2].map(() =>
          t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('refuses an unknown token with 401 and a missing one with 400', async () => {
      await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: 'x'.repeat(43) })
        .expect(401);
      await t.http().post('/api/auth/refresh').send({}).expect(400);
    });
  });

  describe('POST /api/auth/logout', () => {
    it('answers 204 and the token stops working', async () => {
      const user = await createUser(t);
      await t.http().post('/api/auth/logout').send({ refreshToken: user.refreshToken }).expect(204);
      await t
        .http()
        .post('/api/auth/refresh')
        .send({ refreshToken: user.refreshToken })
        .expect(401);
    });

    it('answers 204 for an unknown token, and 400 without one', async () => {
      await t.http().post('/api/auth/logout').send({ refreshToken: 'unknown' }).expect(204);
      await t.http().post('/api/auth/logout').send({}).expect(400);
    });
  });

  describe('GET /api/auth/me', () => {
    it('returns the caller', async () => {
      const user = await createUser(t);
      const res = await t.http().get('/api/auth/me').set(user.auth).expect(200);
      expect(res.body).toMatchObject({ id: user.id, username: user.username, following: false });
    });

    it('needs a token', async () => {
      const res = await t.http().get('/api/auth/me').expect(401);
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.any(String),
      });
    });
  });

  describe('PUT /api/auth/password', () => {
    it('changes the password and revokes every refresh token', async () => {
      const user = await createUser(t);
      const second = await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
      await t
        .http()
        .put('/api/auth/password')
        .set(user.auth)
        .send({ currentPassword: user.password, newPassword: 'a brand new secret' })
        .expect(204);
      for (const token of [user.refreshToken, second.body.refreshToken]) {
        await t.http().post('/api/auth/refresh').send({ refreshToken: token }).expect(401);
      }
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(401);
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: 'a brand new secret' })
        .expect(200);
    });

    it("refuses the access tokens issued before the change, the caller's own included", async () => {
      const user = await createUser(t);
      await t
        .http()
        .put('/api/auth/password')
        .set(user.auth)
        .send({ currentPassword: user.password, newPassword: 'a brand new secret' })
        .expect(204);
      await t.http().get('/api/auth/me').set(user.auth).expect(401);
      const fresh = await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: 'a brand new secret' })
        .expect(200);
      await t
        .http()
        .get('/api/auth/me')
        .set('Authorization', `Bearer ${fresh.body.accessToken}`)
        .expect(200);
    });

    it('lets only one of two concurrent changes from the same password win', async () => {
      const user = await createUser(t);
      const results = await Promise.all(
        ['first new secret', 'second new secret'].map((newPassword) =>
          t
            .http()
            .put('/api/auth/password')
            .set(user.auth)
            .send({ currentPassword: user.password, newPassword }),
        ),
      );
      expect(results.map((r) => r.status).sort()).toEqual([204, 401]);
      const winner = results[0].status === 204 ? 'first new secret' : 'second new secret';
      const loser = winner === 'first new secret' ? 'second new secret' : 'first new secret';
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: winner })
        .expect(200);
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: loser })
        .expect(401);
    });

    it('refuses a wrong current password with 401 and keeps the old one', async () => {
      const user = await createUser(t);
      await t
        .http()
        .put('/api/auth/password')
        .set(user.auth)
        .send({ currentPassword: 'wrong password', newPassword: 'a brand new secret' })
        .expect(401);
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: user.password })
        .expect(200);
    });

    it('refuses a short new password with 400, and an anonymous caller with 401', async () => {
      const user = await createUser(t);
      await t
        .http()
        .put('/api/auth/password')
        .set(user.auth)
        .send({ currentPassword: user.password, newPassword: 'short' })
        .expect(400);
      await t
        .http()
        .put('/api/auth/password')
        .send({ currentPassword: user.password, newPassword: 'long enough now' })
        .expect(401);
    });
  });
});
