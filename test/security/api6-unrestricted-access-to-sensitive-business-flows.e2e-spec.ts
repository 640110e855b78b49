// OWASP API6:2023: the flows worth automating against this API are mass
// account creation and password guessing; both share a per-IP budget
// (THROTTLE_AUTH_LIMIT) apart from everyday traffic.
import { uniqueUsername } from '../utils/factories.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

describe('API6 unrestricted access to sensitive business flows', () => {
  let t: TestApp;
  const saved = { auth: process.env.THROTTLE_AUTH_LIMIT, api: process.env.THROTTLE_LIMIT };
  beforeAll(async () => {
    process.env.THROTTLE_AUTH_LIMIT = '3';
    process.env.THROTTLE_LIMIT = '1000';
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
    process.env.THROTTLE_AUTH_LIMIT = saved.auth;
    process.env.THROTTLE_LIMIT = saved.api;
  });

  it('stops a client registering accounts in bulk, and creates none past the limit', async () => {
    const names = Array.from({ length: 5 }, () => uniqueUsername('bulk'));
    const statuses: number[] = [];
    for (const username of names) {
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({ username, name: 'Bulk', password: 'password123' });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([201, 201, 201, 429, 429]);
    for (const username of names.slice(3)) {
      await t.http().get(`/api/users/by/username/${username}`).expect(404);
    }
  });

  it('keeps everyday reads available to the same client meanwhile', async () => {
    await t.http().get('/api/users').expect(200);
  });
});
