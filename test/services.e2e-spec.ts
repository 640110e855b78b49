// SERVICES and TRUST_PROXY (API.md, "Services"): one build, each process serving
// the routes of the services it names, and believing X-Forwarded-For only from
// the proxies it names.
import { appWith, type TestApp } from './utils/test-app.js';
import { timelineWorker } from './utils/timelines.js';

const notFound = (method: string, path: string) => ({
  statusCode: 404,
  error: 'Not Found',
  message: `Cannot ${method} ${path}`,
});
const badToken = { Authorization: 'Bearer not.a.token' };
const emptyPage = { items: [], nextCursor: null };

describe('a process started with SERVICES=posts', () => {
  const app = appWith({ SERVICES: 'posts' });

  it('serves the posts routes: lists, the feed, a user’s likes, and their auth rules', async () => {
    await app().http().get('/api/posts').expect(200, emptyPage);
    await app().http().get('/api/posts/1').expect(404);
    await app().http().post('/api/posts').send({ content: 'hi' }).expect(401);
    await app().http().get('/api/feed').expect(401);
    await app().http().get('/api/users/1/likes').set(badToken).expect(401);
  });

  it.each([
    ['GET', '/api/users'],
    ['GET', '/api/users/1'],
    ['GET', '/api/users/by/username/ada'],
    ['PATCH', '/api/users/me'],
    ['DELETE', '/api/users/me'],
    ['PUT', '/api/users/1/follow'],
    ['DELETE', '/api/users/1/follow'],
    ['GET', '/api/users/1/followers'],
    ['GET', '/api/users/1/following'],
    ['POST', '/api/auth/register'],
    ['POST', '/api/auth/login'],
    ['POST', '/api/auth/refresh'],
  ])('answers %s %s with the 404 of a route that does not exist', async (method, path) => {
    // A bad token and a bad body change nothing: the process says nothing else about the route.
    const res = await app()
      .http()
      [method.toLowerCase() as 'get'](path)
      .set(badToken)
      .send(method === 'GET' ? undefined : { unknown: 'field' });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 404,
      body: notFound(method, path),
    });
    const unknown = await app().http().get('/api/no-such-route');
    expect(unknown.body).toEqual(notFound('GET', '/api/no-such-route'));
  });

  it('serves /health and the OpenAPI document of the whole API', async () => {
    await app().http().get('/health').expect(200);
    const doc = (await app().http().get('/docs-json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/login',
        '/api/users',
        '/api/users/me',
        '/api/users/{id}/follow',
        '/api/posts',
        '/api/feed',
      ]),
    );
  });

  it('runs no timeline worker (it still enqueues)', () => {
    expect(timelineWorker(app().app)).toBeUndefined();
  });
});

describe('a process started with SERVICES=auth,users,worker', () => {
  const app = appWith({ SERVICES: 'auth, users, worker' });

  it('serves auth and users, and 404s follows and posts', async () => {
    await app().http().post('/api/auth/login').send({}).expect(400);
    await app().http().get('/api/users').expect(200, emptyPage);
    await app()
      .http()
      .get('/api/users/1/followers')
      .expect(404, notFound('GET', '/api/users/1/followers'));
    await app().http().get('/api/posts').expect(404, notFound('GET', '/api/posts'));
  });

  (process.env.REDIS_URL ? it : it.skip)('runs the timeline worker', () => {
    expect(timelineWorker(app().app)).toBeDefined();
  });
});

describe('a blank SERVICES (an unfilled line in .env)', () => {
  const app = appWith({ SERVICES: ' ' });

  it('serves every route, as the monolith does', async () => {
    await app().http().get('/api/users').expect(200);
    await app().http().get('/api/users/1/followers').expect(404, {
      statusCode: 404,
      error: 'Not Found',
      message: 'User not found',
    });
    await app().http().get('/api/posts').expect(200);
    await app().http().post('/api/auth/login').send({}).expect(400);
  });

  (process.env.REDIS_URL ? it : it.skip)('runs the timeline worker', () => {
    expect(timelineWorker(app().app)).toBeDefined();
  });
});

/** Statuses of GET /api/posts sent with these X-Forwarded-For values, in turn. */
async function statuses(t: TestApp, forwardedFor: string[]): Promise<number[]> {
  const seen: number[] = [];
  for (const client of forwardedFor) {
    seen.push((await t.http().get('/api/posts').set('X-Forwarded-For', client)).status);
  }
  return seen;
}

describe('X-Forwarded-For from a peer TRUST_PROXY does not name', () => {
  const app = appWith({ THROTTLE_LIMIT: '2', TRUST_PROXY: '10.0.0.0/8' });

  it('is ignored: a forged address gets no budget of its own', async () => {
    expect(await statuses(app(), ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([
      200, 200, 429,
    ]);
  });
});

describe('X-Forwarded-For from a proxy TRUST_PROXY names', () => {
  const app = appWith({ THROTTLE_LIMIT: '2', TRUST_PROXY: 'loopback' });

  it('is believed: each forwarded client has its own budget', async () => {
    expect(
      await statuses(app(), ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2']),
    ).toEqual([200, 200, 429, 200]);
  });

  it('names the right-most address the proxies did not add: a client cannot forge one in front', async () => {
    // The client sent "X-Forwarded-For: 198.51.100.7" itself; the proxy appended the peer it saw.
    expect(
      await statuses(app(), ['198.51.100.7, 203.0.113.9', '198.51.100.8, 203.0.113.9']),
    ).toEqual([200, 200]);
    expect(await statuses(app(), ['198.51.100.9, 203.0.113.9'])).toEqual([429]);
  });
});
