import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import {
  AppProcess,
  call,
  freePort,
  productionEnv,
  requireBuild,
  ROOT,
  usingMysql,
  waitForHealth,
} from './helpers.js';

// The production entry, dist/main.bundle.js (scripts/bundle.mjs), started as
// `npm start` starts it: everything the app does must work in the bundle as it does
// in dist/main.js. First with nothing set (SQLite and the in-process cache, in a
// directory of its own), then on MySQL and Redis when the environment names them.
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const FLAGS = PACKAGE.scripts.start.split(/\s+/).filter((word) => word.startsWith('--'));
const HOOK = join(ROOT, 'test', 'process', 'loaded-packages.mjs');
// The packages whose classes and symbols are Nest's tokens and metadata keys: the
// bundle holds them, so one loaded from node_modules as well would be a second copy.
const SHARED =
  /\/node_modules\/(@nestjs\/[^/]+|typeorm|class-validator|class-transformer|reflect-metadata|rxjs)\//;
const OPENAPI = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8')) as unknown;

const shared = usingMysql() && !!process.env.REDIS_URL;
const modes = [
  { mode: 'nothing set: SQLite and the in-process cache', store: 'memory', enabled: true },
  {
    mode: `MySQL and Redis${shared ? '' : ' [skipped: needs DATABASE_URL=mysql://... and REDIS_URL]'}`,
    store: 'redis',
    enabled: shared,
  },
];

describe.each(modes)('the production entry, $mode', ({ store, enabled }) => {
  const suite = enabled ? it : it.skip;
  let app: AppProcess;
  let dir: string;
  let loaded: string;

  beforeAll(async () => {
    if (!enabled) return;
    requireBuild();
    dir = mkdtempSync(join(tmpdir(), 'production-entry-'));
    loaded = join(dir, 'loaded.txt');
    const port = await freePort();
    const env =
      store === 'memory'
        ? { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port) }
        : productionEnv(port, process.env.DATABASE_URL!);
    app = new AppProcess(
      { ...env, LOADED_PACKAGES_FILE: loaded },
      // In a directory of its own: the SQLite default is data/social.sqlite there.
      { nodeArgs: [...FLAGS, '--import', HOOK], cwd: dir },
    );
    await waitForHealth(app.port);
  }, 60_000);

  afterAll(async () => {
    await app?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  suite('/health answers 200 with the database and the cache up', async () => {
    const res = await call(app.port, { method: 'GET', path: '/health' });
    expect(res).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        details: { database: { status: 'up' } },
        cache: { status: 'up', store },
      },
    });
  });

  suite('/docs-json is openapi.json; Swagger UI and its assets are served', async () => {
    const document = await call(app.port, { method: 'GET', path: '/docs-json' });
    expect(document).toMatchObject({ status: 200 });
    expect('status' in document && document.body).toEqual(OPENAPI);
    const page = await fetch(`http://127.0.0.1:${app.port}/docs`);
    expect({ status: page.status, html: (await page.text()).includes('swagger-ui') }).toEqual({
      status: 200,
      html: true,
    });
    const asset = await fetch(`http://127.0.0.1:${app.port}/docs/swagger-ui-bundle.js`);
    expect({
      status: asset.status,
      bytes: (await asset.arrayBuffer()).byteLength > 100_000,
    }).toEqual({ status: 200, bytes: true });
  });

  suite("the mapped-type DTOs keep their fields' transforms and rules", async () => {
    // RegisterDto and UpdateUserDto are PickType/IntersectionType/PartialType of
    // UserFieldsDto: its @Trim and rules must reach the copy ValidationPipe reads.
    const username = `pe_${randomBytes(6).toString('hex')}`;
    const registered = await call(app.port, {
      method: 'POST',
      path: '/api/auth/register',
      body: { username, name: '  Spaced Out  ', password: `pw-${randomBytes(12).toString('hex')}` },
    });
    expect(registered).toMatchObject({ status: 201, body: { user: { name: 'Spaced Out' } } });
    const token =
      'status' in registered ? (registered.body as { accessToken: string }).accessToken : '';
    const blank = await call(app.port, {
      method: 'PATCH',
      path: '/api/users/me',
      token,
      body: { name: '   ' },
    });
    expect(blank).toMatchObject({ status: 400 });
    const badUsername = await call(app.port, {
      method: 'POST',
      path: '/api/auth/register',
      body: { username: 'x', name: 'X', password: 'long-enough-password' },
    });
    expect(badUsername).toMatchObject({ status: 400 });
  });

  suite('logs are JSON lines; SIGTERM exits 0; nothing Nest shares is loaded twice', async () => {
    const listening = app.lines
      .map((line) => {
        try {
          return JSON.parse(line) as { msg?: string };
        } catch {
          return {};
        }
      })
      .find((line) => line.msg?.startsWith('Listening on'));
    expect(listening).toBeDefined();

    app.signal('SIGTERM');
    expect(await app.exited).toEqual({ code: 0, signal: null });
    const fromNodeModules = readFileSync(loaded, 'utf8').split('\n').filter(Boolean);
    // The hook saw the externals (native addons, mysql2, Swagger UI's assets) load...
    expect(fromNodeModules.length).toBeGreaterThan(0);
    // ...and none of the packages the bundle holds.
    expect(fromNodeModules.filter((file) => SHARED.test(file))).toEqual([]);
  });
});
