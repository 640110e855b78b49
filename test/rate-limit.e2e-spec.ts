import { createUser } from './utils/factories.js';
import { appWith, createTestApp, type TestApp } from './utils/test-app.js';

describe('rate limits', () => {
  let t: TestApp;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.THROTTLE_AUTH_LIMIT = '3';
    process.env.THROTTLE_LIMIT = '5';
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    process.env.THROTTLE_AUTH_LIMIT = saved.THROTTLE_AUTH_LIMIT;
    process.env.THROTTLE_LIMIT = saved.THROTTLE_LIMIT;
  });

  it('allows THROTTLE_AUTH_LIMIT logins and registrations a minute, then 429 with Retry-After', async () => {
    const attempt = () =>
      t
        .http()
        .post('/api/auth/login')
        .send({ username: 'nobody_here', password: 'wrong password' });
    for (let i = 0; i < 2; i++) expect((await attempt()).status).toBe(401);
    // Register shares the budget with login.
    await t.http().post('/api/auth/register').send({}).expect(400);
    const limited = await attempt().expect(429);
    expect(limited.body).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: expect.any(String),
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('counts every other route against THROTTLE_LIMIT, apart from the login budget', async () => {
    for (let i = 0; i < 5; i++) await t.http().get('/api/users').expect(200);
    const limited = await t.http().get('/api/posts').expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });
});

const wrongLogin = (t: TestApp) =>
  t.http().post('/api/auth/login').send({ username: 'nobody_here', password: 'wrong password' });

describe('a blank THROTTLE_AUTH_LIMIT (an unfilled line in .env)', () => {
  const app = appWith({ THROTTLE_AUTH_LIMIT: '', THROTTLE_LIMIT: '0' });

  it('keeps the default login limit, 10 a minute: the 11th attempt is refused', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await wrongLogin(app())).status);
    expect(statuses).toEqual([...Array(10).fill(401), 429]);
  });
});

describe('changing the password', () => {
  // Every other route unlimited: a 429 here can only come from the login budget.
  const app = appWith({ THROTTLE_AUTH_LIMIT: '3', THROTTLE_LIMIT: '0' });

  it('counts against the login budget: guessing the current password is refused like logins', async () => {
    const t = app();
    const user = await createUser(t); // register: 1 of 3
    const guess = () =>
      t
        .http()
        .put('/api/auth/password')
        .set(user.auth)
        .send({ currentPassword: 'a wrong guess', newPassword: 'a brand new password' });
    expect((await guess()).status).toBe(401);
    expect((await guess()).status).toBe(401);
    const limited = await guess();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // ...and the same budget as login: the next login attempt is refused too.
    expect((await wrongLogin(t)).status).toBe(429);
  });
});
