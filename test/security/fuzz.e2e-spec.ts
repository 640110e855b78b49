// Schema-driven fuzzing: every operation of the app's own OpenAPI document gets
// generated requests, well-formed and hostile. Every answer must be non-5xx and
// match the document's schema for its status; afterwards every counter must
// still equal a recount of the rows it counts. FUZZ_RUNS sets the cases per
// operation (CI default below); fast-check prints the shrunk failing request.
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { createPost, createUser, type TestUser } from '../utils/factories.js';
import {
  fetchDocument,
  fill,
  operationsOf,
  type OpenApiDocument,
  type Operation,
} from '../utils/openapi.js';
import {
  brokenBody,
  hostileScalar,
  resolver,
  type Schema,
  validValue,
} from '../utils/schema-arbitrary.js';
import { countRows } from '../utils/social.js';
import { createTestApp, type TestApp } from '../utils/test-app.js';

const RUNS = Number(process.env.FUZZ_RUNS || 30);

interface FuzzRequest {
  path: string;
  query: Record<string, unknown>;
  body?: string;
  token?: string;
}

describe('fuzzing from the OpenAPI document', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let users: TestUser[];
  let postIds: number[];
  let ajv: Ajv;

  beforeAll(async () => {
    t = await createTestApp();
    doc = await fetchDocument(t);
    users = [await createUser(t), await createUser(t), await createUser(t)];
    postIds = [(await createPost(t, users[0])).id, (await createPost(t, users[1])).id];
    await t.http().put(`/api/users/${users[1].id}/follow`).set(users[0].auth);
    await t.http().put(`/api/posts/${postIds[1]}/like`).set(users[0].auth);
    ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
    ajv.addSchema({
      $id: 'doc',
      components: { schemas: toJsonSchema(doc.components.schemas, true) },
    });
  }, 60_000);
  afterAll(() => t.close());

  function requestFor(op: Operation): fc.Arbitrary<FuzzRequest> {
    const resolve = resolver(doc.components.schemas as Record<string, Schema>);
    const ids = fc.oneof(
      fc.constantFrom(...users.map((u) => u.id), ...postIds),
      fc.integer({ min: 1, max: 2 ** 31 }),
      fc.constantFrom(
        'abc',
        '0',
        '-1',
        '1.5',
        '1e3',
        '0x1',
        '9'.repeat(30),
        '%20',
        'me',
        "1' OR '1'='1",
      ),
    );
    const query = fc.record(
      Object.fromEntries(
        (op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => [
            p.name,
            fc.oneof(
              validValue((p.schema ?? {}) as Schema, resolve),
              hostileScalar,
              fc.constant('djE6MQ'),
            ),
          ]),
      ),
      { requiredKeys: [] },
    );
    const bodySchema = (
      op.requestBody as { content?: Record<string, { schema: Schema }> } | undefined
    )?.content?.['application/json']?.schema;
    const body = bodySchema
      ? fc.oneof(
          validValue(bodySchema, resolve).map((v) => JSON.stringify(v)),
          brokenBody(bodySchema, resolve),
        )
      : fc.constant(undefined);
    const token = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(...users.map((u) => u.accessToken)),
      fc.constantFrom('garbage', 'eyJhbGciOiJub25lIn0.eyJzdWIiOjF9.', users[0].accessToken + 'x'),
    );
    return fc.record({
      path: ids.map((id) => fill(op.path, encodeURIComponent(String(id)))),
      query,
      body,
      token,
    });
  }

  function validatorFor(op: Operation, status: number) {
    const response = op.responses[String(status)] as
      { content?: Record<string, { schema: Schema }> } | undefined;
    if (!response) return undefined;
    const schema = response.content?.['application/json']?.schema;
    return ajv.compile(schema ? toJsonSchema(schema, false) : {});
  }

  it('answers every generated request without a 5xx and as documented', async () => {
    // Deleting an account mid-run would only make later cases anonymous: it goes last.
    const operations = operationsOf(doc).sort(
      (a, b) =>
        Number(a.path === '/api/users/me' && a.method === 'DELETE') -
        Number(b.path === '/api/users/me' && b.method === 'DELETE'),
    );
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) {
      await fc.assert(
        fc.asyncProperty(requestFor(op), async (req) => {
          let call = t
            .http()
            [op.method.toLowerCase() as 'get'](req.path)
            .query(req.query as Record<string, string>);
          if (req.token) call = call.set('Authorization', `Bearer ${req.token}`);
          if (req.body !== undefined)
            call = call.set('Content-Type', 'application/json').send(req.body);
          const res = await call;
          const where = `${op.method} ${op.path} -> ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
          expect({ where, serverError: res.status >= 500 }).toEqual({ where, serverError: false });
          const validate = validatorFor(op, res.status);
          expect({ where, documented: Boolean(validate) }).toEqual({ where, documented: true });
          if (res.status !== 204 && !validate!(res.body)) {
            throw new Error(`${where}\nschema: ${ajv.errorsText(validate!.errors)}`);
          }
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }
  }, 600_000);

  it('leaves every counter equal to a recount of its rows', async () => {
    const userRows: {
      id: number;
      followers_count: number;
      following_count: number;
      posts_count: number;
    }[] = await t.dataSource.query(
      'SELECT id, followers_count, following_count, posts_count FROM ' + q(t, 'user'),
    );
    for (const row of userRows) {
      expect({
        id: row.id,
        followers: Number(row.followers_count),
        following: Number(row.following_count),
        posts: Number(row.posts_count),
      }).toEqual({
        id: row.id,
        followers: await countRows(t, 'user_follow', { user_to: row.id }),
        following: await countRows(t, 'user_follow', { user_from: row.id }),
        posts: await countRows(t, 'post', { user: row.id }),
      });
    }
    const posts: { id: number; likes_count: number }[] = await t.dataSource.query(
      'SELECT id, likes_count FROM ' + q(t, 'post'),
    );
    for (const post of posts) {
      expect({ id: post.id, likes: Number(post.likes_count) }).toEqual({
        id: post.id,
        likes: await countRows(t, 'post_like', { post: post.id }),
      });
    }
  });
});

function q(t: TestApp, table: string): string {
  return t.dataSource.driver.escape(table);
}

/**
 * OpenAPI 3.0 schema to JSON Schema for ajv: `nullable` becomes a null type,
 * references point into the registered document, and (for the document's own
 * models) properties not listed are refused, so a leaked field fails.
 */
function toJsonSchema<T>(schema: T, closeObjects: boolean): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref') out.$ref = `doc${String(value)}`;
      else if (key !== 'nullable' && key !== 'example') out[key] = walk(value);
    }
    const n = node as Schema;
    if (n.nullable) return { anyOf: [out, { type: 'null' }] };
    if (closeObjects && n.type === 'object' && n.properties) out.additionalProperties = false;
    return out;
  };
  return walk(schema) as T;
}
