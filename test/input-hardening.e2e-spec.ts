// Hostile input that must be refused in the contract's shape, never a 500 and
// never accepted silently: deep JSON, fields named like Object.prototype
// members, bodies that are not JSON, and numbers spelled other than in plain decimal.
import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { createPost, createUser, type TestUser } from './utils/factories.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

const badRequest = { statusCode: 400, error: 'Bad Request', message: expect.anything() };

describe('Input hardening', () => {
  let t: TestApp;
  let user: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    user = await createUser(t);
  });
  afterAll(() => t.close());

  const postJson = (url: string, body: string, contentType = 'application/json') =>
    t.http().post(url).set('Content-Type', contentType).send(body);

  describe('deeply nested JSON', () => {
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

    it.each([
      ['a top-level array', nested(1500)],
      ['a field', `{"refreshToken":"x","extra":${nested(1500)}}`],
      ['objects', `${'{"a":'.repeat(1500)}1${'}'.repeat(1500)}`],
      ['as deep as 64 KiB allows', nested(30_000)],
    ])('is a 400 for %s, not a 500 with a stack trace in the log', async (_case, body) => {
      const logged = jest.spyOn(Logger.prototype, 'error');
      try {
        const res = await postJson('/api/auth/refresh', body).expect(400);
        expect(res.body).toEqual({ ...badRequest, message: 'Body nests deeper than 32 levels' });
        expect(logged).not.toHaveBeenCalled();
      } finally {
        logged.mockRestore();
      }
    });

    it('still reads a body nested a few levels, then validates it', async () => {
      const res = await postJson('/api/auth/refresh', `{"refreshToken":${nested(5)}}`).expect(400);
      expect(res.body.message).toEqual(expect.arrayContaining(['refreshToken must be a string']));
    });
  });

  describe('fields named like Object.prototype members', () => {
    const names = [
      'constructor',
      'toString',
      'valueOf',
      'hasOwnProperty',
      'isPrototypeOf',
      'toLocaleString',
      '__defineGetter__',
      '__lookupSetter__',
    ];
    const login = (extra: string) =>
      `{"username":"${user.username}","password":"${user.password}",${extra}}`;

    it.each(names)('refuses %s in a body, as any unknown field', async (name) => {
      const res = await postJson('/api/auth/login', login(`"${name}":1`)).expect(400);
      expect(res.body).toEqual({ ...badRequest, message: [`property ${name} should not exist`] });
    });

    it.each([...names, '__proto__'])('refuses %s in a query', async (name) => {
      const res = await t.http().get(`/api/users?${name}=1`).expect(400);
      expect(res.body).toEqual({ ...badRequest, message: [`property ${name} should not exist`] });
    });

    it('refuses __proto__ in a body with a message that names it, at any depth', async () => {
      for (const body of [login('"__proto__":{"admin":true}'), '{"text":{"__proto__":{}}}']) {
        const res = await postJson('/api/auth/login', body).expect(400);
        expect(res.body).toEqual({ ...badRequest, message: 'property __proto__ should not exist' });
      }
    });

    it('still logs in with the known fields alone', async () => {
      const credentials = { username: user.username, password: user.password };
      await postJson('/api/auth/login', JSON.stringify(credentials)).expect(200);
    });
  });

  describe('JSON bodies only', () => {
    const register = { username: 'form_user', name: 'Form', password: 'password123' };

    it.each([
      ['a form', 'application/x-www-form-urlencoded', new URLSearchParams(register).toString()],
      ['plain text', 'text/plain', JSON.stringify(register)],
      ['multipart', 'multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
      ['a +json type', 'application/vnd.api+json', JSON.stringify(register)],
    ])('refuses %s with 415 in the error shape, and registers no one', async (_, type, body) => {
      const res = await postJson('/api/auth/register', body, type).expect(415);
      expect(res.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'Request bodies must be application/json',
      });
      await t.http().get('/api/users/by/username/form_user').expect(404);
    });

    it('refuses a body without a content type with 415', async () => {
      const res = await t
        .http()
        .post('/api/auth/login')
        .set('Content-Type', '')
        .send(Buffer.from(JSON.stringify({ username: user.username, password: user.password })))
        .expect(415);
      expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    });

    it('reads JSON with a charset parameter', async () => {
      const credentials = JSON.stringify({ username: user.username, password: user.password });
      await postJson('/api/auth/login', credentials, 'application/json; charset=utf-8').expect(200);
      await postJson('/api/auth/login', credentials, 'Application/JSON').expect(200);
    });

    it('needs no content type on a route without a body', async () => {
      const other = await createUser(t);
      const post = await createPost(t, other);
      await t.http().put(`/api/users/${other.id}/follow`).set(user.auth).expect(204);
      await t.http().delete(`/api/users/${other.id}/follow`).set(user.auth).expect(204);
      await t.http().put(`/api/posts/${post.id}/like`).set(user.auth).expect(204);
      await t.http().delete(`/api/posts/${post.id}/like`).set(user.auth).expect(204);
    });

    it('takes an empty body as no body, whatever its type', async () => {
      const other = await createUser(t);
      for (const type of ['application/json', 'text/plain']) {
        await t
          .http()
          .put(`/api/users/${other.id}/follow`)
          .set(user.auth)
          .set('Content-Type', type)
          .expect(204);
      }
      const res = await postJson('/api/auth/login', '').expect(400);
      expect(res.body.message).toEqual(expect.arrayContaining(['username must be a string']));
    });
  });

  describe('numbers in a query', () => {
    const spellings = ['0x10', '1e1', '+5', '010', '%2010', '10%20', '10.0', '5.', '1_0', '%D9%A3'];

    it.each(spellings)('refuses limit=%s with 400, as a path id', async (spelling) => {
      const res = await t.http().get(`/api/users?limit=${spelling}`).expect(400);
      expect(res.body).toEqual({ ...badRequest, message: expect.any(Array) });
      await t.http().get(`/api/users/${spelling}`).expect(400);
    });

    it.each(spellings)('refuses authorId=%s with 400', async (spelling) => {
      const res = await t.http().get(`/api/posts?authorId=${spelling}`).expect(400);
      expect(res.body).toEqual(badRequest);
    });

    it('reads plain decimals, and keeps the bounds messages', async () => {
      const res = await t.http().get(`/api/posts?authorId=${user.id}&limit=5`).expect(200);
      expect(res.body).toEqual({ items: expect.any(Array), nextCursor: null });
      const low = await t.http().get('/api/users?limit=0').expect(400);
      expect(low.body.message).toEqual(['limit must not be less than 1']);
      const high = await t.http().get('/api/users?limit=101').expect(400);
      expect(high.body.message).toEqual(['limit must not be greater than 100']);
    });
  });
});
