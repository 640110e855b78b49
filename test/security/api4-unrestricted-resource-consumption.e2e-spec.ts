// OWASP API4:2023: every request costs a bounded amount: pages are capped,
// bodies are capped, inputs are capped, and login is rate limited.
import { createUser } from '../utils/factories.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

const LIST_ROUTES = [
  '/api/users',
  '/api/users/1/followers',
  '/api/users/1/following',
  '/api/users/1/likes',
  '/api/posts',
  '/api/posts/1/likes',
  '/api/feed',
];

describe('API4 unrestricted resource consumption', () => {
  let t: TestApp;
  let auth: { Authorization: string };

  beforeAll(async () => {
    t = await createTestApp();
    auth = (await createUser(t)).auth;
  });
  afterAll(() => t.close());

  it.each(LIST_ROUTES)('caps the page size of %s at 100', async (url) => {
    await t.http().get(url).query({ limit: 101 }).set(auth).expect(400);
    await t.http().get(url).query({ limit: 100000 }).set(auth).expect(400);
  });

  it.each(LIST_ROUTES)('refuses an oversized cursor on %s', async (url) => {
    await t
      .http()
      .get(url)
      .query({ cursor: 'A'.repeat(5000) })
      .set(auth)
      .expect(400);
  });

  it('refuses a body over 64 KiB with 413 before parsing it', async () => {
    const res = await t
      .http()
      .post('/api/posts')
      .set(auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ text: 'x'.repeat(70 * 1024) }))
      .expect(413);
    expect(res.body.statusCode).toBe(413);
  });

  it.each([
    ['text of a post', '/api/posts', { text: 'x'.repeat(281) }],
    [
      'a password',
      '/api/auth/register',
      { username: 'long_pw', name: 'x', password: 'p'.repeat(129) },
    ],
  ])('refuses an overlong %s with 400', async (_what, url, body) => {
    await t.http().post(url).set(auth).send(body).expect(400);
  });
});

describe('API4 login rate limit', () => {
  let t: TestApp;
  const saved = process.env.THROTTLE_AUTH_LIMIT;
  beforeAll(async () => {
    process.env.THROTTLE_AUTH_LIMIT = '5';
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    process.env.THROTTLE_AUTH_LIMIT = saved;
  });

  it('answers 429 with Retry-After once a client exceeds THROTTLE_AUTH_LIMIT logins a minute', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ username: 'guessing_user', password: `guess-${i}-xxxx` });
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  });
});
