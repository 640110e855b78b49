// OWASP API8:2023: secure defaults. Security headers on every answer, a tight
// Content-Security-Policy (looser only where Swagger UI needs it), CORS closed
// unless configured, and errors that reveal nothing about the internals.
import { createTestApp, type TestApp } from '../utils/test-app.js';

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | undefined): Record<string, string[]> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );
}

/** Starts an app with CORS_ORIGINS set to `origins` (unset when undefined). */
async function appWithCors(origins: string | undefined): Promise<TestApp> {
  const saved = process.env.CORS_ORIGINS;
  if (origins === undefined) delete process.env.CORS_ORIGINS;
  else process.env.CORS_ORIGINS = origins;
  try {
    return await createTestApp();
  } finally {
    if (saved === undefined) delete process.env.CORS_ORIGINS;
    else process.env.CORS_ORIGINS = saved;
  }
}

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWithCors(undefined);
  });
  afterAll(() => t.close());

  it.each(['/api/users', '/api/no-such-route', '/health'])(
    'sends helmet’s headers and a CSP that loads nothing on %s',
    async (url) => {
      const res = await t.http().get(url);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'referrer-policy': 'no-referrer',
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(directives(res.headers['content-security-policy'])).toEqual({
        'default-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
        'frame-ancestors': ["'none'"],
      });
    },
  );

  it('answers with the request id, its own or the one a proxy sent', async () => {
    const own = await t.http().get('/api/users').expect(200);
    expect(own.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const given = await t.http().get('/api/users').set('X-Request-Id', 'edge-42').expect(200);
    expect(given.headers['x-request-id']).toBe('edge-42');
  });

  it('lets Swagger UI at /docs load its scripts, styles and icons, and nothing else', async () => {
    const page = await t.http().get('/docs').expect(200);
    const csp = directives(page.headers['content-security-policy']);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    expect(csp['img-src']).toEqual(["'self'", 'data:']);
    expect(csp['connect-src']).toEqual(["'self'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(csp).not.toHaveProperty('upgrade-insecure-requests');
    // With script-src 'self', only scripts loaded from a URL run: the page must have no inline one.
    const scripts = [...page.text.matchAll(/<script([^>]*)>/g)].map(([, attributes]) => attributes);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attributes of scripts) expect(attributes).toMatch(/src="/);
    const assets = [...page.text.matchAll(/(?:src|href)="(\.\/docs\/[^"]+)"/g)].map(([, url]) =>
      url.replace(/^\.\//, '/'),
    );
    expect(assets).toEqual(
      expect.arrayContaining(['/docs/swagger-ui-bundle.js', '/docs/swagger-ui.css']),
    );
    for (const asset of assets) {
      const res = await t.http().get(asset);
      expect([asset, res.status]).toEqual([asset, 200]);
    }
    const init = await t.http().get('/docs/swagger-ui-init.js').expect(200);
    expect(init.headers['content-type']).toMatch(/javascript/);
    expect(directives(init.headers['content-security-policy'])['script-src']).toEqual(["'self'"]);
  });
});

describe('CORS', () => {
  const preflight = (t: TestApp, origin: string) =>
    t
      .http()
      .options('/api/posts')
      .set('Origin', origin)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');

  describe('with CORS_ORIGINS unset', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await appWithCors(undefined);
    });
    afterAll(() => t.close());

    it('grants no origin: no Access-Control-Allow-Origin on a read or a preflight', async () => {
      const read = await t.http().get('/api/users').set('Origin', 'https://app.example.com');
      expect(read.status).toBe(200);
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
      const pre = await preflight(t, 'https://app.example.com');
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with CORS_ORIGINS=https://app.example.com,http://localhost:5173', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await appWithCors('https://app.example.com,http://localhost:5173');
    });
    afterAll(() => t.close());

    it('answers a listed origin’s preflight with the methods and headers the API uses', async () => {
      const pre = await preflight(t, 'http://localhost:5173').expect(204);
      expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:5173');
      expect(pre.headers['access-control-allow-methods']).toContain('PATCH');
      expect(pre.headers['access-control-allow-headers']).toMatch(/authorization/i);
      expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('lets a listed origin read responses and the headers it needs', async () => {
      const read = await t.http().get('/api/users').set('Origin', 'https://app.example.com');
      expect(read.status).toBe(200);
      expect(read.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(read.headers.vary).toMatch(/origin/i);
      expect(read.headers['access-control-expose-headers']).toMatch(/X-Cache/);
      expect(read.headers['access-control-expose-headers']).toMatch(/Retry-After/);
    });

    it('grants nothing to an origin that is not listed', async () => {
      const read = await t.http().get('/api/users').set('Origin', 'https://evil.example');
      expect(read.headers['access-control-allow-origin']).toBeUndefined();
      const pre = await preflight(t, 'https://evil.example');
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with CORS_ORIGINS=*', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await appWithCors('*');
    });
    afterAll(() => t.close());

    it('lets any origin read, without credentials', async () => {
      const read = await t.http().get('/api/users').set('Origin', 'https://anywhere.example');
      expect(read.headers['access-control-allow-origin']).toBe('*');
      expect(read.headers['access-control-allow-credentials']).toBeUndefined();
    });
  });
});

describe('errors reveal nothing', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await appWithCors(undefined);
  });
  afterAll(() => t.close());

  it.each([
    [
      'a malformed body',
      () => t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"a":'),
    ],
    ['a bad id', () => t.http().get("/api/users/1'%20OR%201=1")],
    ['an unknown route', () => t.http().get('/api/../../etc/passwd')],
    ['a forged token', () => t.http().get('/api/auth/me').set('Authorization', 'Bearer a.b.c')],
    ['a wrong method', () => t.http().put('/api/feed')],
  ])('%s gets a 4xx without stack, paths, driver or SQL text', async (_case, send) => {
    const res = await send();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(Object.keys(res.body).sort()).toEqual(['error', 'message', 'statusCode']);
    expect(JSON.stringify(res.body)).not.toMatch(
      /\bat \S+ \(|\/src\/|node_modules|QueryFailed|SQLITE|ER_|SELECT |stack/i,
    );
    expect(res.headers['x-powered-by']).toBeUndefined();
  });
});
