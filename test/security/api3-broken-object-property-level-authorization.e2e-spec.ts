// OWASP API3:2023: no write can set a property the client does not own (mass
// assignment), and no response exposes a property it should not (credentials).
import { createPost, createUser, type TestUser } from '../utils/factories.js';
import { follow, like, profile, readPost } from '../utils/social.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

const CREDENTIAL_KEY = /pass|hash|salt|secret|token_hash|usernameLower|username_lower/i;

/** Every key anywhere in a JSON value. */
function keysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysOf);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)]);
  }
  return [];
}

describe('API3 broken object property level authorization', () => {
  let t: TestApp;
  let user: TestUser;
  let post: { id: number };

  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t);
    post = await createPost(t, user, 'original');
  });
  afterAll(() => t.close());

  const sneaky = {
    id: 4242,
    userId: 4242,
    user: 4242,
    authorId: 4242,
    author: { id: 4242 },
    followersCount: 1000,
    followingCount: 1000,
    postsCount: 1000,
    likesCount: 1000,
    createdAt: '2000-01-01T00:00:00.000Z',
    updatedAt: '2000-01-01T00:00:00.000Z',
    usernameLower: 'admin',
    passwordHash: '$argon2id$forged',
    isAdmin: true,
    role: 'admin',
  };

  const writes: [string, 'post' | 'patch' | 'put', () => string, () => object, boolean][] = [
    [
      'register',
      'post',
      () => '/api/auth/register',
      () => ({ username: 'mass_assign', name: 'M', password: 'password123' }),
      false,
    ],
    [
      'login',
      'post',
      () => '/api/auth/login',
      () => ({ username: user.username, password: user.password }),
      false,
    ],
    [
      'refresh',
      'post',
      () => '/api/auth/refresh',
      () => ({ refreshToken: user.refreshToken }),
      false,
    ],
    ['logout', 'post', () => '/api/auth/logout', () => ({ refreshToken: 'x' }), false],
    [
      'password change',
      'put',
      () => '/api/auth/password',
      () => ({ currentPassword: user.password, newPassword: 'password456' }),
      true,
    ],
    ['profile update', 'patch', () => '/api/users/me', () => ({ bio: 'hi' }), true],
    ['post creation', 'post', () => '/api/posts', () => ({ text: 'new' }), true],
    ['post edit', 'patch', () => `/api/posts/${post.id}`, () => ({ text: 'edited' }), true],
  ];

  describe.each(writes)('%s', (_name, method, url, valid, authenticated) => {
    it.each(Object.keys(sneaky))('refuses an extra `%s` field with 400', async (field) => {
      const body = { ...valid(), [field]: sneaky[field as keyof typeof sneaky] };
      let req = t.http()[method](url());
      if (authenticated) req = req.set(user.auth);
      const res = await req.send(body).expect(400);
      expect(JSON.stringify(res.body.message)).toContain(field);
    });
  });

  it('left every protected property as it was', async () => {
    expect(await profile(t, user)).toMatchObject({
      id: user.id,
      followersCount: 0,
      followingCount: 0,
      postsCount: 1,
      bio: '',
    });
    expect(await readPost(t, post)).toMatchObject({ text: 'original', likesCount: 0 });
    await t.http().get('/api/users/by/username/mass_assign').expect(404);
    await t
      .http()
      .post('/api/auth/login')
      .send({ username: user.username, password: user.password })
      .expect(200);
  });

  it('never shows a credential in any response', async () => {
    const other = await createUser(t);
    await follow(t, other, user);
    await like(t, other, post);
    const responses = [
      await t
        .http()
        .post('/api/auth/login')
        .send({ username: user.username, password: user.password }),
      await t.http().get('/api/auth/me').set(user.auth),
      await t.http().get(`/api/users/${user.id}`),
      await t.http().get(`/api/users/by/username/${user.username}`),
      await t.http().get('/api/users'),
      await t.http().get(`/api/users/${user.id}/followers`),
      await t.http().get(`/api/users/${other.id}/following`),
      await t.http().get(`/api/users/${other.id}/likes`),
      await t.http().get(`/api/posts/${post.id}/likes`),
      await t.http().get('/api/posts'),
      await t.http().get(`/api/posts/${post.id}`),
      await t.http().get('/api/feed').set(other.auth),
      await t.http().patch('/api/users/me').set(user.auth).send({ bio: 'still safe' }),
    ];
    for (const res of responses) {
      expect(res.status).toBeLessThan(300);
      expect(keysOf(res.body).filter((k) => CREDENTIAL_KEY.test(k))).toEqual([]);
      expect(JSON.stringify(res.body)).not.toContain('$argon2');
    }
  });
});
