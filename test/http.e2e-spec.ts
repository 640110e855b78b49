import { createUser } from './utils/factories.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

describe('HTTP surface', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('GET /health answers 200 with the database up', async () => {
    const res = await t.http().get('/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('serves Swagger UI at /docs and the OpenAPI document at /docs-json', async () => {
    const ui = await t.http().get('/docs').expect(200);
    expect(ui.text).toContain('swagger-ui');
    const doc = await t.http().get('/docs-json').expect(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    expect(doc.body.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    });
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(['/api/auth/register', '/api/users/{id}', '/api/feed', '/health']),
    );
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const res = await t.http().get('/api/nowhere').expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
  });

  it('refuses a body over 64 KiB with 413, and stores nothing', async () => {
    const user = await createUser(t);
    const res = await t
      .http()
      .patch('/api/users/me')
      .set(user.auth)
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ bio: 'x'.repeat(65 * 1024) }))
      .expect(413);
    expect(res.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: expect.any(String),
    });
    expect((await t.http().get(`/api/users/${user.id}`)).body.bio).toBe('');
  });

  it('refuses malformed JSON with 400 in the error shape', async () => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"username": ')
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.any(String),
    });
  });

  it.each([
    ['__proto__', '{"username":"abc_def","password":"password123","__proto__":{"admin":true}}'],
    [
      'constructor',
      '{"username":"abc_def","password":"password123","constructor":{"prototype":{}}}',
    ],
    ['an array', '[1,2,3]'],
    ['a string', '"text"'],
    ['null', 'null'],
  ])('refuses a body with %s with 400', async (_case, body) => {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(400);
    expect(res.body).toEqual({ statusCode: 400, error: 'Bad Request', message: expect.anything() });
  });
});
