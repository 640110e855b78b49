import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import { TIMELINE_QUEUE } from '../../src/timelines/timeline-jobs.js';
import { timelineKey } from '../../src/timelines/timeline-keys.js';
import { resetRateLimitCounters } from '../utils/rate-limits.js';
import {
  AppProcess,
  call,
  freePort,
  type Outcome,
  productionEnv,
  requireBuild,
  ROOT,
  sleep,
  usingMysql,
  waitForHealth,
} from './helpers.js';

// The API as services (docs/SERVICES.md), started as `npm run start:services`
// starts it: five PM2 apps behind nginx, on MySQL and Redis, two instances of
// auth and of posts. Then services fail under load, one at a time: only their
// own routes may notice, and nothing answered 2xx is lost. The specs run in
// order on one topology (starting it is most of the time).
const PM2 = join(ROOT, 'node_modules', 'pm2', 'bin', 'pm2');
const INSTANCES = { AUTH_INSTANCES: '2', POSTS_INSTANCES: '2' };
// Where the ecosystem puts each instance: PORT + 10n + i.
const SERVICE_PORT_OFFSETS = [10, 11, 20, 30, 40, 41, 50];
const SCRIPT = join(ROOT, 'scripts', 'services.mjs');
const hasNginx = ['nginx', '/usr/sbin/nginx'].some((bin) => !spawnSync(bin, ['-v']).error);
const shared = usingMysql() && !!process.env.REDIS_URL;
const reason = !shared
  ? 'needs DATABASE_URL=mysql://... and REDIS_URL; npm run test:process sets both'
  : !hasNginx
    ? 'nginx is not installed (apt-get install nginx-light; .ci/run installs it)'
    : '';
const suite = reason ? describe.skip : describe;
const title = `services behind nginx${reason ? ` [skipped: ${reason}]` : ''}`;

const isErrorBody = (body: unknown, status: number) =>
  typeof body === 'object' &&
  body !== null &&
  (body as { statusCode?: unknown }).statusCode === status &&
  typeof (body as { error?: unknown }).error === 'string' &&
  typeof (body as { message?: unknown }).message === 'string';

// What helmet sets on every API response (src/http/security.ts): nginx's own
// errors must carry the same (deploy/nginx-error-headers.conf).
const SECURITY_HEADERS = [
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];
const securityHeaders = (response: Response) =>
  Object.fromEntries(SECURITY_HEADERS.map((name) => [name, response.headers.get(name)]));

/** A front-door port with every instance's port after it free too. */
async function freePortRange(): Promise<number> {
  for (;;) {
    const port = await freePort();
    if (port > 60_000) continue;
    const free = await Promise.all(
      SERVICE_PORT_OFFSETS.map(async (offset) => {
        const res = await call(port + offset, { method: 'GET', path: '/', timeoutMs: 500 });
        return 'error' in res && res.error === 'ECONNREFUSED';
      }),
    );
    if (free.every(Boolean)) return port;
  }
}

suite(title, () => {
  let env: NodeJS.ProcessEnv;
  let port: number;
  let runDir: string;
  let token: string;
  let userId: number;
  let username: string;
  let password: string;

  function run(command: string, args: string[], extraEnv = {}): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, {
        cwd: ROOT,
        env: { ...env, ...extraEnv },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(output);
        else reject(new Error(`${args.join(' ')} exited ${code}: ${output}`));
      });
    });
  }
  const pm2 = (...args: string[]) => run(process.execPath, [PM2, ...args]);
  const pm2With = (extraEnv: NodeJS.ProcessEnv, ...args: string[]) =>
    run(process.execPath, [PM2, ...args], extraEnv);
  /** PM2's processes of one app: pid, restarts, status. */
  async function instancesOf(name: string) {
    const list = JSON.parse(await pm2('jlist')) as Array<{
      name: string;
      pid: number;
      pm_id: number;
      pm2_env: { status: string; restart_time: number };
    }>;
    return list
      .filter((p) => p.name === name)
      .map((p) => ({
        id: p.pm_id,
        pid: p.pid,
        status: p.pm2_env.status,
        restarts: p.pm2_env.restart_time,
      }));
  }
  const services = (command: string) => run(process.execPath, [SCRIPT, command]);

  beforeAll(async () => {
    requireBuild();
    port = await freePortRange();
    runDir = mkdtempSync(join(tmpdir(), 'social-services-'));
    env = {
      ...productionEnv(port, process.env.DATABASE_URL!),
      PM2_HOME: join(runDir, 'pm2'),
      SERVICES_RUN_DIR: join(runDir, 'run'),
      // The front door on loopback only; the services are on loopback anyway.
      HOST: '127.0.0.1',
      ...INSTANCES,
    };
    await services('start');
    password = `pw-${randomBytes(12).toString('hex')}`;
    username = `s_${randomBytes(6).toString('hex')}`;
    const res = await call(port, {
      method: 'POST',
      path: '/api/auth/register',
      body: { username, name: 'Services Test', password },
    });
    if (!('status' in res) || res.status !== 201)
      throw new Error(`register: ${JSON.stringify(res)}`);
    const body = res.body as { accessToken: string; user: { id: number } };
    token = body.accessToken;
    userId = body.user.id;
  }, 150_000);

  afterAll(async () => {
    if (!env) return;
    await services('stop').catch(() => undefined);
    await pm2('kill').catch(() => undefined);
    rmSync(runDir, { recursive: true, force: true });
  }, 60_000);

  /** A fresh account through the front door. */
  async function register(prefix: string) {
    const name = `${prefix}_${randomBytes(6).toString('hex')}`;
    const res = await call(port, {
      method: 'POST',
      path: '/api/auth/register',
      body: { username: name, name: 'Services Test', password },
    });
    if (!('status' in res) || res.status !== 201)
      throw new Error(`register: ${JSON.stringify(res)}`);
    const body = res.body as { accessToken: string; user: { id: number } };
    return { token: body.accessToken, id: body.user.id };
  }

  /** The ids of a user's first feed page. */
  async function feedIds(bearer: string): Promise<number[]> {
    const res = await call(port, { method: 'GET', path: '/api/feed?limit=50', token: bearer });
    if (!('status' in res) || res.status !== 200) return [];
    return (res.body as { items: Array<{ id: number }> }).items.map((post) => post.id);
  }

  const accessLog = () => readFileSync(join(runDir, 'run', 'nginx', 'logs', 'access.log'), 'utf8');

  /** The figures a spec measured, in the CI log whether it passes or not. */
  const report = (figures: Record<string, unknown>) =>
    process.stderr.write(`services: ${JSON.stringify(figures)}\n`);

  /** Polls until `done` holds; returns how long that took, or Infinity after `ms`. */
  async function within(done: () => Promise<boolean>, ms: number): Promise<number> {
    const started = Date.now();
    while (Date.now() - started < ms) {
      if (await done()) return Date.now() - started;
      await sleep(25);
    }
    return (await done()) ? Date.now() - started : Infinity;
  }

  // The contract's reads and a login, spread over the auth and users services.
  const steady = [
    () => call(port, { method: 'GET', path: '/api/users' }),
    () => call(port, { method: 'GET', path: `/api/users/${userId}` }),
    () => call(port, { method: 'GET', path: `/api/users/by/username/${username}` }),
    () => call(port, { method: 'POST', path: '/api/auth/login', body: { username, password } }),
  ];
  const postsRoutes = [
    () => call(port, { method: 'GET', path: '/api/posts', timeoutMs: 3000 }),
    () => call(port, { method: 'GET', path: '/api/feed', token, timeoutMs: 3000 }),
    () => call(port, { method: 'GET', path: `/api/users/${userId}/likes`, timeoutMs: 3000 }),
  ];

  /** Clients sending `requests` in turn, one at a time each, until stopped. */
  function load(requests: Array<() => Promise<Outcome>>, clients: number) {
    const outcomes: Array<{ outcome: Outcome; at: number }> = [];
    let running = true;
    const loops = Array.from({ length: clients }, async (_, client) => {
      for (let i = client; running; i++) {
        const outcome = await requests[i % requests.length]();
        outcomes.push({ outcome, at: Date.now() });
        await sleep(50);
      }
    });
    return {
      outcomes,
      stop: async () => {
        running = false;
        await Promise.all(loops);
        return outcomes;
      },
    };
  }

  /** Polls the posts routes until `accept` holds for one; returns how long that took. */
  async function postsAnswer(accept: (o: Outcome) => boolean, ms: number): Promise<number> {
    const started = Date.now();
    for (let i = 0; Date.now() - started < ms; i++) {
      if (accept(await postsRoutes[i % postsRoutes.length]())) return Date.now() - started;
      await sleep(25);
    }
    return Infinity;
  }

  /**
   * How long one posts instance takes to boot on this machine now, alone, from spawn
   * to a healthy /health: the yardstick for the restart below.
   */
  async function loneBootMs(): Promise<number> {
    const lonePort = await freePort();
    const started = Date.now();
    const app = new AppProcess({ ...env, SERVICES: 'posts', PORT: String(lonePort) });
    try {
      await waitForHealth(lonePort);
      return Date.now() - started;
    } finally {
      await app.stop();
    }
  }

  it('pm2 stop social-posts: auth and users lose no request; posts routes answer 502/503 JSON within 1 s, then 200 within 5 s of pm2 start', async () => {
    const loneBoot = await loneBootMs();
    const steadyLoad = load(steady, 3);
    const postsLoad = load(postsRoutes, 1);
    await sleep(1000);

    await pm2('stop', 'social-posts');
    const down = (o: Outcome) => 'status' in o && (o.status === 502 || o.status === 503);
    const downAfter = await postsAnswer(down, 1000);
    // The front door's own 502 is locked down like the app's answers.
    const [appAnswer, proxyError] = await Promise.all(
      [`/api/users/${userId}`, '/api/posts'].map((path) =>
        fetch(`http://127.0.0.1:${port}${path}`),
      ),
    );
    expect({ status: proxyError.status, headers: securityHeaders(proxyError) }).toEqual({
      status: 502,
      headers: securityHeaders(appAnswer),
    });
    expect(Object.values(securityHeaders(appAnswer))).not.toContain(null);
    await sleep(1500);

    // Timed from the command, as an operator would: the posts routes are polled while
    // `pm2 start` runs (it returns once every instance has sent 'ready'). The issue's
    // target is 5 s. Booting is CPU work (both instances at once, on the cores the
    // other services are using), so how long it takes depends on the machine:
    // - its load: beyond 4 a core, only that PM2 brings it back within 30 s;
    // - its speed, measured above by one instance booting alone. The restart takes
    //   about three lone boots (PM2's command, two instances at once, their first
    //   requests): 3.0 to 3.7 s where a lone boot took 1.1 to 1.4 s (docs/SERVICES.md),
    //   4.7 to 6.8 s where it took 1.6 to 2.2 s. So the 5 s is asserted where a lone
    //   boot takes at most 1.5 s, and everywhere (below a load of 4) the restart
    //   within four lone boots and a second.
    // Either way the proxy's part must be quick: answering within 1 s of the
    // instances being ready (nginx must not keep a restarted upstream marked down).
    const loadPerCore = loadavg()[0] / availableParallelism();
    const restarting = Date.now();
    const started = pm2('start', 'social-posts').then(() => Date.now() - restarting);
    const ok = (o: Outcome) => 'status' in o && o.status === 200;
    const upAfter = await postsAnswer(ok, 40_000);
    const bootMs = await started;
    await sleep(500);

    const steadyOutcomes = await steadyLoad.stop();
    const postsOutcomes = await postsLoad.stop();

    const perCore = Math.round(loadPerCore * 100) / 100;
    report({ postsStop: { downAfter, upAfter, bootMs, loneBoot, loadPerCore: perCore } });
    const calm = loadPerCore <= 4;
    // The figures travel with the verdicts, so a failure says how far off it was.
    expect({
      downWithin1s: downAfter <= 1000,
      upWithin1sOfReady: upAfter <= bootMs + 1000,
      upWithin30s: upAfter <= 30_000,
      // When false, why (required only where the machine allows: see above).
      upWithin5s: upAfter <= 5000 || `no: a lone boot took ${loneBoot} ms, load ${perCore} a core`,
      upWithinFourLoneBoots: upAfter <= 4 * loneBoot + 1000 || `no: load ${perCore} a core`,
      downAfter,
      upAfter,
      bootMs,
      loneBoot,
    }).toMatchObject({
      downWithin1s: true,
      upWithin1sOfReady: true,
      upWithin30s: true,
      upWithin5s: calm && loneBoot <= 1500 ? true : expect.anything(),
      upWithinFourLoneBoots: calm ? true : expect.anything(),
    });
    const failed = steadyOutcomes.filter(
      ({ outcome }) => !('status' in outcome) || outcome.status !== 200,
    );
    expect({ requests: steadyOutcomes.length, failed: failed.map((f) => f.outcome) }).toEqual({
      requests: expect.any(Number),
      failed: [],
    });
    expect(steadyOutcomes.length).toBeGreaterThan(20);
    // Every posts answer was the route's own, or a proxy error in the contract's JSON shape.
    const unexpected = postsOutcomes
      .map(({ outcome }) => outcome)
      .filter(
        (o) =>
          !('status' in o) ||
          !(
            o.status === 200 ||
            ((o.status === 502 || o.status === 503) && isErrorBody(o.body, o.status))
          ),
      );
    expect(unexpected).toEqual([]);
  }, 90_000);

  it('pm2 stop social-worker: posts still answer 201; after pm2 start, every follower has them within 5 s; no job lost', async () => {
    const redis = new Redis(process.env.REDIS_URL!, { maxRetriesPerRequest: 1 });
    const queue = new Queue(TIMELINE_QUEUE, { connection: { url: process.env.REDIS_URL! } });
    try {
      const author = await register('wa');
      const followers = await Promise.all([1, 2, 3].map(() => register('wf')));
      for (const follower of followers) {
        const res = await call(port, {
          method: 'PUT',
          path: `/api/users/${author.id}/follow`,
          token: follower.token,
        });
        expect('status' in res && res.status).toBe(204);
      }
      // Each follower reads once, so the worker builds their timelines: from then on a
      // new post reaches them only through a fan-out job, which is what is tested here.
      await Promise.all(followers.map((f) => feedIds(f.token)));
      const built = async () => {
        const markers = await Promise.all(
          followers.map((f) => redis.zrangebyscore(timelineKey(f.id), '-inf', 0)),
        );
        return markers.every((members) => members.some((m) => m.startsWith('built:')));
      };
      expect(await within(built, 10_000)).toBeLessThan(Infinity);
      const failedBefore = await queue.getFailedCount();

      await pm2('stop', 'social-worker');
      const created: Outcome[] = [];
      for (let i = 0; i < 5; i++) {
        created.push(
          await call(port, {
            method: 'POST',
            path: '/api/posts',
            token: author.token,
            body: { text: `while the worker is away ${i}` },
          }),
        );
      }
      expect(created.map((o) => ('status' in o ? o.status : o.error))).toEqual([
        201, 201, 201, 201, 201,
      ]);
      const postIds = created.map((o) => ('status' in o ? (o.body as { id: number }).id : 0));
      // The jobs wait in Redis: no follower has the posts yet.
      await sleep(500);
      expect(await queue.getWaitingCount()).toBeGreaterThanOrEqual(postIds.length);
      const whileAway = await Promise.all(followers.map((f) => feedIds(f.token)));
      expect(whileAway.map((ids) => postIds.filter((id) => ids.includes(id)))).toEqual([
        [],
        [],
        [],
      ]);

      const restarting = Date.now();
      await pm2('start', 'social-worker');
      const bootMs = Date.now() - restarting;
      const everyone = async () =>
        (await Promise.all(followers.map((f) => feedIds(f.token)))).every((ids) =>
          postIds.every((id) => ids.includes(id)),
        );
      const caughtUpMs = await within(everyone, 5000);
      report({ worker: { bootMs, caughtUpMs } });
      expect({ caughtUpMs, within5s: caughtUpMs <= 5000 }).toMatchObject({ within5s: true });
      // No job lost: none failed, none left waiting.
      expect({
        failed: (await queue.getFailedCount()) - failedBefore,
        waiting: await queue.getWaitingCount(),
      }).toEqual({ failed: 0, waiting: 0 });
    } finally {
      await queue.close();
      redis.disconnect();
    }
  }, 60_000);

  it('SIGKILL of one social-posts instance under load: PM2 restarts it, no GET fails, every write answered 201 is in the database', async () => {
    const [before] = await instancesOf('social-posts');
    expect((await instancesOf('social-posts')).map((p) => p.status)).toEqual(['online', 'online']);
    const post = await call(port, {
      method: 'POST',
      path: '/api/posts',
      token,
      body: { text: 'read under a crash' },
    });
    const postId = 'status' in post ? (post.body as { id: number }).id : 0;
    const reads = [
      () => call(port, { method: 'GET', path: '/api/posts' }),
      () => call(port, { method: 'GET', path: `/api/posts/${postId}` }),
      () => call(port, { method: 'GET', path: '/api/feed', token }),
      () => call(port, { method: 'GET', path: `/api/users/${userId}/likes` }),
    ];
    let n = 0;
    const writes = [
      () =>
        call(port, {
          method: 'POST',
          path: '/api/posts',
          token,
          body: { text: `written under a crash ${n++}` },
        }),
    ];
    const readLoad = load(reads, 4);
    const writeLoad = load(writes, 1);
    await sleep(1500);

    const logBefore = accessLog().length;
    process.kill(before.pid, 'SIGKILL');
    const back = async () =>
      (await instancesOf('social-posts')).some(
        (p) => p.id === before.id && p.pid !== before.pid && p.status === 'online',
      );
    const restartMs = await within(back, 45_000);
    // And a while on both instances again.
    await sleep(1000);
    const readOutcomes = await readLoad.stop();
    const writeOutcomes = await writeLoad.stop();

    const restarted = (await instancesOf('social-posts')).find((p) => p.id === before.id);
    // nginx logs the status of every server it tried: a first try that met the dead
    // instance (refused, or reset mid-request) is a 502 there, and a request retried on
    // the other instance names two. Once one request has met it, nginx leaves the dead
    // instance out for a second (max_fails=1 fail_timeout=1s, scripts/nginx-config.mjs),
    // so only one or two requests meet it: whether a GET or one of the POSTs is down to
    // timing, so count both.
    const sinceKill = accessLog().slice(logBefore).split('\n');
    const metDead = sinceKill.filter((line) => / upstream_status=502\b/.test(line));
    const retriedGets = sinceKill.filter((line) =>
      /"GET [^"]+" 200 .* upstream=\S+, /.test(line),
    ).length;
    report({
      sigkill: {
        restartMs,
        reads: readOutcomes.length,
        writes: writeOutcomes.length,
        metDead: metDead.length,
        retriedGets,
      },
    });
    // Else no request met the dead instance, and "no GET failed" would prove nothing.
    expect(metDead.length).toBeGreaterThan(0);
    expect({ restartedWithin45s: restartMs < Infinity, restarts: restarted?.restarts }).toEqual({
      restartedWithin45s: true,
      restarts: before.restarts + 1,
    });
    const failedReads = readOutcomes
      .map(({ outcome }) => outcome)
      .filter((o) => !('status' in o) || o.status !== 200);
    expect({ reads: readOutcomes.length > 50, failedReads }).toEqual({
      reads: true,
      failedReads: [],
    });
    // A write in flight on the killed instance may get the proxy's 502 (nginx never
    // resends a POST); any it answered 201 must be stored.
    const answers = writeOutcomes.map(({ outcome }) => outcome);
    const unexpected = answers.filter(
      (o) =>
        !('status' in o) || !(o.status === 201 || (o.status === 502 && isErrorBody(o.body, 502))),
    );
    expect(unexpected).toEqual([]);
    const stored = answers.flatMap((o) =>
      'status' in o && o.status === 201 ? [(o.body as { id: number }).id] : [],
    );
    expect(stored.length).toBeGreaterThan(5);
    const db = await createConnection(process.env.DATABASE_URL!);
    try {
      const [rows] = await db.query('SELECT id FROM post WHERE id IN (?)', [stored]);
      expect(
        (rows as Array<{ id: number }>).map((row) => Number(row.id)).sort((a, b) => a - b),
      ).toEqual([...stored].sort((a, b) => a - b));
    } finally {
      await db.end();
    }
  }, 90_000);

  it('the front door: request ids pass through, a 413 of its own is JSON with the security headers, an unknown route is the contract 404', async () => {
    const url = (path: string) => `http://127.0.0.1:${port}${path}`;
    const echoed = await fetch(url(`/api/users/${userId}`), {
      headers: { 'x-request-id': 'client-chosen-id-1' },
    });
    expect({ status: echoed.status, id: echoed.headers.get('x-request-id') }).toEqual({
      status: 200,
      id: 'client-chosen-id-1',
    });

    const tooLarge = await fetch(url('/api/posts'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text: 'x'.repeat(70 * 1024) }),
    });
    expect({
      status: tooLarge.status,
      type: tooLarge.headers.get('content-type'),
      body: await tooLarge.json(),
      headers: securityHeaders(tooLarge),
      id: tooLarge.headers.get('x-request-id'),
    }).toEqual({
      status: 413,
      type: 'application/json',
      body: { statusCode: 413, error: 'Payload Too Large', message: expect.any(String) },
      headers: securityHeaders(echoed),
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
    });

    const unknown = await fetch(url('/api/nothing-here'));
    expect({ status: unknown.status, body: await unknown.json() }).toEqual({
      status: 404,
      body: { statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/nothing-here' },
    });
  });

  // Last: it gives social-auth the contract's login budget, which the loads above
  // (a login in every four requests) would have spent.
  it('rate limits hold across instances: the 11th login a minute from one client is 429, whichever auth instance answers and whatever X-Forwarded-For it sends', async () => {
    // `pm2 reload <app> --update-env` takes the shell's environment (an ecosystem
    // file's startOrReload would not): both instances, one after the other.
    await pm2With({ THROTTLE_AUTH_LIMIT: '10' }, 'reload', 'social-auth', '--update-env');
    // The window is a minute and the counters live in Redis: a run of this suite a few
    // seconds after another would start with this client's budget already spent.
    await resetRateLimitCounters();
    const ids = Array.from(
      { length: 12 },
      (_, i) => `login-${randomBytes(4).toString('hex')}-${i}`,
    );
    const statuses: number[] = [];
    const refusals: unknown[] = [];
    for (const [i, id] of ids.entries()) {
      // This client is on loopback, which the services trust as a proxy: were nginx to
      // pass its X-Forwarded-For on, each login would count for another address.
      const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-request-id': id,
          'x-forwarded-for': `203.0.113.${i + 1}`,
        },
        body: JSON.stringify({ username, password }),
      });
      statuses.push(res.status);
      const body: unknown = await res.json();
      if (res.status === 429) refusals.push(body);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(200), 429, 429]);
    expect(refusals.every((body) => isErrorBody(body, 429))).toBe(true);
    // nginx's log says which instance answered each: both did, refusals included.
    const log = accessLog();
    const upstreamOf = (id: string) => new RegExp(`id=${id} upstream=(\\S+)`).exec(log)?.[1];
    const answeredBy = ids.map(upstreamOf);
    expect(new Set(answeredBy).size).toBe(2);
    expect(new Set(answeredBy.slice(10)).size).toBe(2);
  });
});
