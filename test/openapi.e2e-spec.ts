// The OpenAPI document against the contract (design/API.md) and against the
// app itself: every route with its errors, the field rules, examples the app
// accepts, headers the app really sends, and the committed openapi.json.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { declaresAuthRule } from '../src/common/decorators/auth.decorator.js';
import { handlersByOperationId } from '../src/swagger.js';
import { createPost, createUser, type TestUser } from './utils/factories.js';
import {
  exampleProblems,
  licenseProblems,
  missing4xxProblems,
  securityProblems,
  serverProblems,
} from './utils/openapi-lint.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

type Auth = 'required' | 'optional' | 'none';
interface Route {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  auth: Auth;
  success: number;
  /** The contract's errors for this route, besides 413/415/429/503 (checked for every route). */
  errors: number[];
  cached?: boolean;
}

const route = (
  spec: string,
  auth: Auth,
  success: number,
  errors: number[],
  cached = false,
): Route => {
  const [method, path] = spec.split(' ');
  return { method: method.toLowerCase() as Route['method'], path, auth, success, errors, cached };
};

// Every route of the contract, with the errors it names plus the ones that follow
// from the basics: 400 for a bad path id, body, limit or cursor; 401 for a bad token.
const CONTRACT: Route[] = [
  route('POST /api/auth/register', 'none', 201, [400, 409]),
  route('POST /api/auth/login', 'none', 200, [400, 401]),
  route('POST /api/auth/refresh', 'none', 200, [400, 401]),
  route('POST /api/auth/logout', 'none', 204, [400]),
  route('GET /api/auth/me', 'required', 200, [401]),
  route('PUT /api/auth/password', 'required', 204, [400, 401]),
  route('GET /api/users', 'optional', 200, [400, 401], true),
  route('GET /api/users/{id}', 'optional', 200, [400, 401, 404], true),
  route('GET /api/users/by/username/{username}', 'optional', 200, [401, 404], true),
  route('PATCH /api/users/me', 'required', 200, [400, 401, 409]),
  route('DELETE /api/users/me', 'required', 204, [401]),
  route('PUT /api/users/{id}/follow', 'required', 204, [400, 401, 404]),
  route('DELETE /api/users/{id}/follow', 'required', 204, [400, 401, 404]),
  route('GET /api/users/{id}/followers', 'optional', 200, [400, 401, 404], true),
  route('GET /api/users/{id}/following', 'optional', 200, [400, 401, 404], true),
  route('POST /api/posts', 'required', 201, [400, 401]),
  route('GET /api/posts', 'optional', 200, [400, 401], true),
  route('GET /api/posts/{id}', 'optional', 200, [400, 401, 404], true),
  route('PATCH /api/posts/{id}', 'required', 200, [400, 401, 403, 404]),
  route('DELETE /api/posts/{id}', 'required', 204, [400, 401, 403, 404]),
  route('PUT /api/posts/{id}/like', 'required', 204, [400, 401, 404]),
  route('DELETE /api/posts/{id}/like', 'required', 204, [400, 401, 404]),
  route('GET /api/posts/{id}/likes', 'optional', 200, [400, 401, 404], true),
  route('GET /api/users/{id}/likes', 'optional', 200, [400, 401, 404], true),
  route('GET /api/feed', 'required', 200, [400, 401], true),
  route('GET /health', 'none', 200, [503]),
];

const ERROR_SCHEMA = { $ref: '#/components/schemas/ErrorResponseDto' };

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is walked as plain JSON */
describe('OpenAPI document', () => {
  let t: TestApp;
  let doc: any;
  const operation = (r: Route) => doc.paths[r.path]?.[r.method];

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('is the committed openapi.json (run `npm run openapi` after changing the API)', () => {
    const committed = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));
    expect(doc).toEqual(committed);
  });

  it('is built from a src/metadata.ts that matches the sources (else: `npm run openapi`)', async () => {
    const script = new URL('../scripts/openapi-metadata.mjs', import.meta.url).pathname;
    await expect(promisify(execFile)(process.execPath, [script, '--check'])).resolves.toEqual(
      expect.objectContaining({ stdout: expect.stringContaining('up to date') }),
    );
  });

  it('names the API, its version and how to authenticate', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(doc.info).toMatchObject({ title: 'social-api', version: pkg.version });
    expect(doc.info.description).toMatch(/Authorize/);
    expect(doc.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(doc.tags.map((tag: { name: string }) => tag.name)).toEqual([
      'auth',
      'users',
      'follows',
      'posts',
      'health',
    ]);
  });

  it('has exactly the routes of the contract', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const contract = CONTRACT.map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(documented.sort()).toEqual(contract.sort());
  });

  describe.each(CONTRACT.map((r) => [`${r.method.toUpperCase()} ${r.path}`, r] as const))(
    '%s',
    (_name, r) => {
      it('has a summary, one tag and its success response', () => {
        const op = operation(r);
        expect(op.summary).toEqual(expect.any(String));
        expect(op.tags).toHaveLength(1);
        expect(doc.tags.map((tag: { name: string }) => tag.name)).toContain(op.tags[0]);
        expect(Object.keys(op.responses).filter((s) => s.startsWith('2'))).toEqual([
          String(r.success),
        ]);
      });

      it('documents each error of the contract with the error schema', () => {
        const op = operation(r);
        const expected = [...r.errors, 429, 503, ...(op.requestBody ? [413, 415] : [])];
        const errors = Object.keys(op.responses).filter((s) => !s.startsWith('2'));
        expect(errors.sort()).toEqual([...new Set(expected)].map(String).sort());
        for (const status of errors) {
          const response = op.responses[status];
          expect(response.description).toEqual(expect.any(String));
          if (r.path === '/health') continue; // terminus' own body for 503
          expect(response.content['application/json'].schema).toEqual(ERROR_SCHEMA);
          expect(response.content['application/json'].example.statusCode).toBe(Number(status));
        }
        expect(op.responses['429'].headers).toHaveProperty('Retry-After');
      });

      it(`declares its security (${r.auth})`, () => {
        const expected = {
          required: [{ bearer: [] }],
          optional: [{ bearer: [] }, {}],
          none: [],
        }[r.auth];
        expect(operation(r).security).toEqual(expected);
      });

      it(r.cached ? 'documents X-Cache on its success' : 'has no X-Cache header', () => {
        const headers = operation(r).responses[String(r.success)].headers ?? {};
        expect('X-Cache' in headers).toBe(r.cached);
      });
    },
  );

  it('carries the field rules of the DTOs', () => {
    const schemas = doc.components.schemas;
    expect(schemas.RegisterDto).toMatchObject({
      required: expect.arrayContaining(['username', 'name', 'password']),
      additionalProperties: false,
      properties: {
        username: { type: 'string', pattern: '^[A-Za-z0-9_]{3,30}$', example: 'ada_lovelace' },
        name: { type: 'string', minLength: 1, maxLength: 50 },
        password: { type: 'string', minLength: 8, maxLength: 128 },
      },
    });
    expect(schemas.UpdateUserDto.required).toBeUndefined();
    expect(schemas.UpdateUserDto.properties.bio).toMatchObject({ minLength: 0, maxLength: 160 });
    expect(schemas.CreatePostDto.properties.text).toMatchObject({ minLength: 1, maxLength: 280 });
    expect(schemas.UserResponseDto.required).not.toContain('following');
    expect(schemas.UserResponseDto.properties.createdAt).toMatchObject({ format: 'date-time' });
    expect(schemas.PostPage).toMatchObject({
      required: ['items', 'nextCursor'],
      properties: { items: { items: { $ref: '#/components/schemas/PostResponseDto' } } },
    });
    const limit = doc.paths['/api/posts'].get.parameters.find(
      (p: { name: string }) => p.name === 'limit',
    );
    expect(limit).toMatchObject({
      in: 'query',
      required: false,
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
    });
    const id = doc.paths['/api/posts/{id}'].get.parameters[0];
    expect(id).toMatchObject({ in: 'path', schema: { type: 'integer', minimum: 1 } });
  });

  describe("is clean under Redocly's recommended rules", () => {
    it('security-defined: every operation declares its security, with defined schemes', () => {
      expect(securityProblems(doc)).toEqual([]);
    });

    it('no-empty-servers, no-server-trailing-slash', () => {
      expect(serverProblems(doc)).toEqual([]);
    });

    it('info-license, info-license-strict', () => {
      expect(licenseProblems(doc)).toEqual([]);
    });

    it('operation-4xx-response', () => {
      expect(missing4xxProblems(doc)).toEqual([]);
    });

    it('no-invalid-{media-type,schema,parameter}-examples: every example fits its schema', () => {
      expect(exampleProblems(doc)).toEqual([]);
    });
  });

  it('has every route declare its auth rule (an undeclared one would need a token)', () => {
    const undeclared = [...handlersByOperationId(t.app)]
      .filter(([, h]) => !declaresAuthRule(h.handler, h.controller))
      .map(([id]) => id);
    expect(undeclared).toEqual([]);
  });

  it('has no dangling $ref', () => {
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs)) {
      const path = ref.slice('"$ref":"#/'.length, -1).split('/');
      expect(path.reduce((node: any, key) => node?.[key], doc)).toBeDefined();
    }
  });

  describe('against the app', () => {
    let user: TestUser;
    let postId: number;
    beforeAll(async () => {
      user = await createUser(t);
      postId = (await createPost(t, user)).id;
    });

    /** A body made of the examples of a request schema, as Swagger UI pre-fills it. */
    const exampleBody = (r: string) => {
      const [method, path] = r.split(' ');
      const ref = doc.paths[path][method].requestBody.content['application/json'].schema.$ref;
      const schema = doc.components.schemas[ref.split('/').pop()];
      return Object.fromEntries(
        Object.entries(schema.properties).map(([k, v]) => [k, (v as { example: unknown }).example]),
      );
    };

    it('accepts the request examples that Swagger UI pre-fills', async () => {
      const register = exampleBody('post /api/auth/register');
      const session = await t.http().post('/api/auth/register').send(register).expect(201);
      const auth = { Authorization: `Bearer ${session.body.accessToken}` };
      await t.http().post('/api/auth/login').send(exampleBody('post /api/auth/login')).expect(200);
      const post = await t
        .http()
        .post('/api/posts')
        .set(auth)
        .send(exampleBody('post /api/posts'))
        .expect(201);
      await t
        .http()
        .patch(`/api/posts/${post.body.id}`)
        .set(auth)
        .send(exampleBody('patch /api/posts/{id}'))
        .expect(200);
      const change = exampleBody('put /api/auth/password');
      await t.http().put('/api/auth/password').set(auth).send(change).expect(204);
      // A password change ends every session, this one included: log in again.
      const again = await t
        .http()
        .post('/api/auth/login')
        .send({ username: register.username, password: change.newPassword })
        .expect(200);
      const { username: _taken, ...profile } = exampleBody('patch /api/users/me');
      await t
        .http()
        .patch('/api/users/me')
        .set('Authorization', `Bearer ${again.body.accessToken}`)
        .send(profile)
        .expect(200);
    });

    it('sends X-Cache on exactly the reads documented with it', async () => {
      const fill = (path: string) =>
        path
          .replace('{id}', String(path.startsWith('/api/posts') ? postId : user.id))
          .replace('{username}', user.username);
      for (const r of CONTRACT.filter((c) => c.method === 'get')) {
        const res = await t.http().get(fill(r.path)).set(user.auth).expect(r.success);
        expect([r.path, res.headers['x-cache']]).toEqual([
          r.path,
          r.cached ? expect.stringMatching(/^(HIT|MISS)$/) : undefined,
        ]);
      }
    });

    it('serves Swagger UI with the title and persisted authorization', async () => {
      const page = await t.http().get('/docs').expect(200);
      expect(page.text).toMatch(/<title>social-api [\d.]+ · API explorer<\/title>/);
      const init = await t.http().get('/docs/swagger-ui-init.js').expect(200);
      expect(init.text).toMatch(/"persistAuthorization":\s*true/);
    });
  });
});
