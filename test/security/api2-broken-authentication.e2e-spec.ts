import { createHmac } from 'node:crypto';
import { createUser, type TestUser } from '../utils/factories.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

// Must match the development secret the tests run with (no JWT_SECRET set).
const SECRET = 'development-only-secret-change-me-0123456789';

function b64(value: object | string): string {
  return Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString(
    'base64url',
  );
}

/** Signs a token by hand, so each attack can bend exactly one property. */
function forge(payload: object, { alg = 'HS256', secret = SECRET } = {}): string {
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  if (alg === 'none') return `${head}.`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('access tokens', () => {
  let t: TestApp;
  let user: TestUser;
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra: object = {}) => ({
    sub: user.id,
    // A new account's credentials version; a password change bumps it.
    ver: 1,
    iat: now(),
    exp: now() + 600,
    iss: 'social-api',
    aud: 'social-api',
    ...extra,
  });

  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t);
  });
  afterAll(() => t.close());

  it('accepts a well-formed token (the forging itself is right)', async () => {
    const res = await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${forge(claims())}`)
      .expect(200);
    expect(res.body.id).toBe(user.id);
  });

  it('carries sub, ver, iat, exp, iss and aud, and nothing about the password', () => {
    const payload = JSON.parse(Buffer.from(user.accessToken.split('.')[1], 'base64url').toString());
    expect(Object.keys(payload).sort()).toEqual(['aud', 'exp', 'iat', 'iss', 'sub', 'ver']);
    expect(payload.ver).toBe(1);
    expect(payload.exp - payload.iat).toBe(900);
  });

  const attacks: [string, () => string][] = [
    ['alg none', () => forge(claims(), { alg: 'none' })],
    ['a wrong key', () => forge(claims(), { secret: 'x'.repeat(44) })],
    [
      'a tampered payload',
      () => {
        const [h, , s] = forge(claims()).split('.');
        return `${h}.${b64(claims({ sub: user.id + 1 }))}.${s}`;
      },
    ],
    ['an expired token', () => forge(claims({ iat: now() - 1000, exp: now() - 10 }))],
    [
      'no exp',
      () => forge({ sub: user.id, ver: 1, iat: now(), iss: 'social-api', aud: 'social-api' }),
    ],
    [
      'no credentials version',
      () =>
        forge({ sub: user.id, iat: now(), exp: now() + 600, iss: 'social-api', aud: 'social-api' }),
    ],
    ['another credentials version', () => forge(claims({ ver: 2 }))],
    ['a non-numeric credentials version', () => forge(claims({ ver: '1' }))],
    ['a wrong issuer', () => forge(claims({ iss: 'someone-else' }))],
    ['a wrong audience', () => forge(claims({ aud: 'another-app' }))],
    ['an unknown user', () => forge(claims({ sub: 987654 }))],
    ['a non-numeric subject', () => forge(claims({ sub: 'admin' }))],
    ['garbage', () => 'not.a.jwt'],
  ];

  it.each(attacks)(
    'refuses %s with 401 on a protected route and on a public read',
    async (_name, token) => {
      const header = `Bearer ${token()}`;
      const res = await t.http().get('/api/auth/me').set('Authorization', header).expect(401);
      expect(res.body).toEqual({
        statusCode: 401,
        error: 'Unauthorized',
        message: expect.any(String),
      });
      await t.http().get(`/api/users/${user.id}`).set('Authorization', header).expect(401);
    },
  );

  it('refuses an Authorization header that is not a bearer token', async () => {
    await t
      .http()
      .get(`/api/users/${user.id}`)
      .set('Authorization', 'Basic dXNlcjpwYXNz')
      .expect(401);
    await t.http().get(`/api/users/${user.id}`).set('Authorization', '').expect(401);
  });
});

describe('sessions and credentials', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('revokes the whole login when a spent refresh token is replayed', async () => {
    const user = await createUser(t);
    const next = await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: user.refreshToken })
      .expect(200);
    await t.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
    await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: next.body.refreshToken })
      .expect(401);
  });

  it('ends every session on a password change: earlier access tokens are refused too', async () => {
    const user = await createUser(t);
    const other = await t
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
    for (const token of [user.accessToken, other.body.accessToken]) {
      const header = `Bearer ${token}`;
      await t.http().get('/api/auth/me').set('Authorization', header).expect(401);
      await t.http().get(`/api/users/${user.id}`).set('Authorization', header).expect(401);
    }
    for (const token of [user.refreshToken, other.body.refreshToken]) {
      await t.http().post('/api/auth/refresh').send({ refreshToken: token }).expect(401);
    }
  });

  it('refuses the tokens of a deleted account', async () => {
    const user = await createUser(t);
    const keeper = await t
      .http()
      .post('/api/auth/login')
      .send({ username: user.username, password: user.password })
      .expect(200);
    await t.http().delete('/api/users/me').set(user.auth).expect(204);
    await t
      .http()
      .get('/api/auth/me')
      .set('Authorization', `Bearer ${keeper.body.accessToken}`)
      .expect(401);
    await t
      .http()
      .post('/api/auth/refresh')
      .send({ refreshToken: keeper.body.refreshToken })
      .expect(401);
  });

  it('stores neither passwords nor refresh tokens in the clear', async () => {
    const user = await createUser(t);
    const dump = JSON.stringify([
      await t.dataSource.query('SELECT * FROM auth'),
      await t.dataSource.query('SELECT * FROM auth_session'),
    ]);
    expect(dump).not.toContain(user.password);
    expect(dump).not.toContain(user.refreshToken);
    expect(dump).toMatch(/\$argon2id\$/);
  });
});
