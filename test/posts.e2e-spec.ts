import { collectPages, createPost, createUser, type TestUser } from './utils/factories.js';
import {
  BAD_IDS,
  BAD_PAGE_QUERIES,
  BAD_TOKEN,
  badRequest,
  countRows,
  forbidden,
  ISO_UTC,
  like,
  notFound,
  pageIds,
  profile,
  readPost,
  unauthorized,
  UNKNOWN_ID,
} from './utils/social.js';
import { createTestApp, type TestApp } from './utils/test-app.js';

describe('posts', () => {
  let t: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  beforeAll(async () => {
    t = await createTestApp();
    ada = await createUser(t, { name: 'Ada Lovelace' });
    bob = await createUser(t);
  });
  afterAll(() => t.close());

  const postsOf = (author: TestUser) => pageIds(t, `/api/posts?authorId=${author.id}&limit=100`);

  describe('POST /api/posts', () => {
    it('answers 201 with the post and its Location, and counts it', async () => {
      const author = await createUser(t, { name: 'Grace' });
      const res = await t.http().post('/api/posts').set(author.auth).send({ text: 'hello' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(Number),
        text: 'hello',
        createdAt: expect.stringMatching(ISO_UTC),
        updatedAt: expect.stringMatching(ISO_UTC),
        author: { id: author.id, username: author.username, name: 'Grace' },
        likesCount: 0,
        liked: false,
      });
      expect(res.body.updatedAt).toBe(res.body.createdAt);
      expect(res.headers.location).toBe(`/api/posts/${res.body.id}`);
      const { liked: _liked, ...shared } = res.body;
      expect(await t.http().get(res.headers.location).expect(200)).toHaveProperty('body', shared);
      expect((await profile(t, author)).postsCount).toBe(1);
    });

    it('trims the text, and allows 280 characters after trimming', async () => {
      expect((await createPost(t, ada, '  \n hello there \t ')).text).toBe('hello there');
      const longest = 'x'.repeat(280);
      expect((await createPost(t, ada, `  ${longest}  `)).text).toBe(longest);
      expect((await createPost(t, ada, 'y')).text).toBe('y');
    });

    it('counts characters as code points, and stores emoji and other scripts intact', async () => {
      for (const text of ['😀'.repeat(280), '❤️'.repeat(140), 'héllo 世界 '.repeat(28).trim()]) {
        const post = await createPost(t, ada, text);
        expect((await readPost(t, post)).text).toBe(text);
      }
      // '❤️' is two code points (a heart and a variation selector): 141 of them are 282.
      const res = await t
        .http()
        .post('/api/posts')
        .set(ada.auth)
        .send({ text: '❤️'.repeat(141) });
      expect(res.status).toBe(400);
      expect(res.body).toEqual(badRequest(['text must be 1 to 280 characters long']));
    });

    it.each([
      ['an empty text', { text: '' }],
      ['a blank text', { text: ' \n\t ' }],
      ['281 characters', { text: 'x'.repeat(281) }],
      ['a missing text', {}],
      ['a number', { text: 42 }],
      ['null', { text: null }],
      ['an array', { text: ['hello'] }],
      ['an object', { text: { value: 'hello' } }],
      ['an unknown field', { text: 'hello', userId: 1 }],
      ['a likes count', { text: 'hello', likesCount: 99 }],
      ['a JSON array', '[{"text":"hello"}]'],
      ['a JSON string', '"hello"'],
      ['JSON null', 'null'],
    ])('refuses %s with 400 and stores nothing', async (_case, body) => {
      const author = await createUser(t);
      const res = await t
        .http()
        .post('/api/posts')
        .set(author.auth)
        .type('json')
        .send(body as object)
        .expect(400);
      expect(res.body).toEqual(badRequest());
      expect(await postsOf(author)).toEqual([]);
      expect((await profile(t, author)).postsCount).toBe(0);
    });

    it('refuses an anonymous caller or a bad token with 401', async () => {
      for (const headers of [{}, BAD_TOKEN]) {
        const res = await t.http().post('/api/posts').set(headers).send({ text: 'hi' }).expect(401);
        expect(res.body).toEqual(unauthorized());
      }
    });
  });

  describe('GET /api/posts', () => {
    it('lists every author’s posts, newest first', async () => {
      const mine = await createPost(t, ada, 'first');
      const theirs = await createPost(t, bob, 'second');
      const newest = await createPost(t, ada, 'third');
      const res = await t.http().get('/api/posts?limit=3').expect(200);
      expect(res.body.items.map((p: { id: number }) => p.id)).toEqual([
        newest.id,
        theirs.id,
        mine.id,
      ]);
      expect(res.body.items[1].author).toEqual({
        id: bob.id,
        username: bob.username,
        name: 'Test User',
      });
    });

    it('filters by authorId and pages through one author without repeats or gaps', async () => {
      const [author, other] = [await createUser(t), await createUser(t)];
      const ids: number[] = [];
      for (let i = 0; i < 5; i++) {
        ids.unshift((await createPost(t, author, `post ${i}`)).id);
        await createPost(t, other, `noise ${i}`);
      }
      for (const limit of [1, 2, 5, 20]) {
        const all = await collectPages<{ id: number; author: { id: number } }>(
          t,
          `/api/posts?authorId=${author.id}`,
          limit,
        );
        expect(all.map((p) => p.id)).toEqual(ids);
        expect(all.every((p) => p.author.id === author.id)).toBe(true);
      }
      const first = await t.http().get(`/api/posts?authorId=${author.id}&limit=2`).expect(200);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const exact = await t.http().get(`/api/posts?authorId=${author.id}&limit=5`).expect(200);
      expect(exact.body.nextCursor).toBeNull();
    });

    it('serves 20 by default, and a walk through all posts meets each once, newest first', async () => {
      for (let i = 0; i < 21; i++) await createPost(t, bob, `filler ${i}`);
      const total = await countRows(t, 'post', {});
      const first = await t.http().get('/api/posts').expect(200);
      expect(first.body.items).toHaveLength(20);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const all = (await collectPages<{ id: number }>(t, '/api/posts', 7)).map((p) => p.id);
      expect(all).toHaveLength(total);
      expect(all).toEqual([...all].sort((a, b) => b - a));
      expect(new Set(all).size).toBe(total);
    });

    // The contract lists no 404 here: the filter of a collection that matches nothing is empty.
    it('answers an empty page for an author with no posts, or no such author', async () => {
      const quiet = await createUser(t);
      for (const id of [quiet.id, UNKNOWN_ID]) {
        const res = await t.http().get(`/api/posts?authorId=${id}`).expect(200);
        expect(res.body).toEqual({ items: [], nextCursor: null });
      }
    });

    it.each([
      ...BAD_PAGE_QUERIES,
      ['authorId=abc', { authorId: 'abc' }],
      ['authorId=0', { authorId: '0' }],
      ['authorId=-3', { authorId: '-3' }],
      ['authorId=1.5', { authorId: '1.5' }],
      ['an unknown query field', { sort: 'oldest' }],
    ] as [string, Record<string, string>][])('refuses %s with 400', async (_name, query) => {
      const res = await t.http().get('/api/posts').query(query).expect(400);
      expect(res.body).toEqual(badRequest());
    });
  });

  describe('GET /api/posts/:id', () => {
    it('answers 404 for an unknown post and 400 for a bad id', async () => {
      const res = await t.http().get(`/api/posts/${UNKNOWN_ID}`).expect(404);
      expect(res.body).toEqual(notFound());
      for (const id of BAD_IDS) {
        const bad = await t.http().get(`/api/posts/${id}`).expect(400);
        expect(bad.body).toEqual(badRequest());
      }
    });
  });

  describe('PATCH /api/posts/:id', () => {
    it('lets the author edit the text: 200 with the updated post', async () => {
      const post = await createPost(t, ada, 'draft');
      await like(t, bob, post);
      const res = await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(ada.auth)
        .send({ text: '  final  ' })
        .expect(200);
      const before = await readPost(t, post);
      expect(res.body).toEqual({ ...before, liked: false });
      expect(res.body).toMatchObject({ id: post.id, text: 'final', likesCount: 1 });
      expect(res.body.author).toEqual({ id: ada.id, username: ada.username, name: 'Ada Lovelace' });
      expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(res.body.createdAt));
      expect(res.body.createdAt).toBe((post as { createdAt?: string }).createdAt);
    });

    it('refuses anyone but the author with 403 and leaves the post unchanged', async () => {
      const post = await createPost(t, ada, 'mine');
      const before = await readPost(t, post);
      const res = await t
        .http()
        .patch(`/api/posts/${post.id}`)
        .set(bob.auth)
        .send({ text: 'hijacked' })
        .expect(403);
      expect(res.body).toEqual(forbidden());
      expect(await readPost(t, post)).toEqual(before);
    });

    it('answers 404, 401 and 400 and changes nothing', async () => {
      const post = await createPost(t, ada, 'stable');
      const before = await readPost(t, post);
      const missing = await t
        .http()
        .patch(`/api/posts/${UNKNOWN_ID}`)
        .set(ada.auth)
        .send({ text: 'x' })
        .expect(404);
      expect(missing.body).toEqual(notFound());
      await t.http().patch(`/api/posts/${post.id}`).send({ text: 'x' }).expect(401);
      for (const body of [{}, { text: '  ' }, { text: 'x'.repeat(281) }, { text: 'ok', id: 1 }]) {
        const res = await t.http().patch(`/api/posts/${post.id}`).set(ada.auth).send(body);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(badRequest());
      }
      await t.http().patch('/api/posts/abc').set(ada.auth).send({ text: 'x' }).expect(400);
      expect(await readPost(t, post)).toEqual(before);
    });
  });

  describe('DELETE /api/posts/:id', () => {
    it('lets the author delete: 204, then 404, and postsCount drops', async () => {
      const author = await createUser(t);
      const kept = await createPost(t, author, 'kept');
      const post = await createPost(t, author, 'doomed');
      expect((await profile(t, author)).postsCount).toBe(2);
      const res = await t.http().delete(`/api/posts/${post.id}`).set(author.auth).expect(204);
      expect(res.text).toBe('');
      expect((await t.http().get(`/api/posts/${post.id}`).expect(404)).body).toEqual(notFound());
      expect((await profile(t, author)).postsCount).toBe(1);
      expect(await postsOf(author)).toEqual([kept.id]);
      const again = await t.http().delete(`/api/posts/${post.id}`).set(author.auth).expect(404);
      expect(again.body).toEqual(notFound());
      expect((await profile(t, author)).postsCount).toBe(1);
    });

    it('refuses anyone but the author with 403 and keeps the post', async () => {
      const author = await createUser(t);
      const post = await createPost(t, author, 'keep me');
      const res = await t.http().delete(`/api/posts/${post.id}`).set(bob.auth).expect(403);
      expect(res.body).toEqual(forbidden());
      expect((await readPost(t, post)).text).toBe('keep me');
      expect((await profile(t, author)).postsCount).toBe(1);
    });

    it('answers 404 for an unknown post, 401 anonymous, 400 for a bad id', async () => {
      const post = await createPost(t, ada, 'still here');
      const missing = await t.http().delete(`/api/posts/${UNKNOWN_ID}`).set(ada.auth).expect(404);
      expect(missing.body).toEqual(notFound());
      await t.http().delete(`/api/posts/${post.id}`).expect(401);
      await t.http().delete('/api/posts/1.5').set(ada.auth).expect(400);
      await readPost(t, post);
    });
  });

  describe('`liked`', () => {
    it('appears only with a token, and says whether that caller liked the post', async () => {
      const post = await createPost(t, ada, 'likeable');
      const other = await createPost(t, ada, 'ignored');
      await like(t, bob, post);
      const anonymous = await t.http().get(`/api/posts/${post.id}`).expect(200);
      expect(anonymous.body).not.toHaveProperty('liked');
      const asBob = await t.http().get(`/api/posts/${post.id}`).set(bob.auth).expect(200);
      const asAda = await t.http().get(`/api/posts/${post.id}`).set(ada.auth).expect(200);
      expect([asBob.body.liked, asAda.body.liked]).toEqual([true, false]);
      const list = await t.http().get(`/api/posts?authorId=${ada.id}&limit=2`).set(bob.auth);
      expect(list.body.items.map((p: { id: number; liked: boolean }) => [p.id, p.liked])).toEqual([
        [other.id, false],
        [post.id, true],
      ]);
      const anonymousList = await t.http().get(`/api/posts?authorId=${ada.id}`).expect(200);
      for (const item of anonymousList.body.items) expect(item).not.toHaveProperty('liked');
    });

    it('refuses a bad token on a public read with 401', async () => {
      const post = await createPost(t, ada, 'public');
      await t.http().get(`/api/posts/${post.id}`).set(BAD_TOKEN).expect(401);
      await t.http().get('/api/posts').set(BAD_TOKEN).expect(401);
    });
  });
});
