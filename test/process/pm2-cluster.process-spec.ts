import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  call,
  freePort,
  type Outcome,
  productionEnv,
  registerUser,
  requireBuild,
  ROOT,
  sleep,
  usingMysql,
  waitForHealth,
} from './helpers.js';

// The built app under PM2 in cluster mode with two workers, as `npm run start:pm2`
// runs it (the same ecosystem.config.cjs), on MySQL and Redis: workers share
// nothing else. PM2 runs with a PM2_HOME of its own, never a global daemon.
const PM2 = join(ROOT, 'node_modules', 'pm2', 'bin', 'pm2');
const CLIENTS = 4;
const shared = usingMysql() && !!process.env.REDIS_URL;
const suite = shared ? describe : describe.skip;
const title = shared
  ? 'PM2 cluster of two workers'
  : 'PM2 cluster of two workers [skipped: needs DATABASE_URL=mysql://... and REDIS_URL; npm run test:process sets both]';

interface Worker {
  pmId: number;
  pid: number;
  status: string;
  restarts: number;
}

suite(title, () => {
  let pm2Home: string;
  let port: number;
  let env: NodeJS.ProcessEnv;
  let token: string;

  /** Runs the PM2 CLI against the private PM2_HOME; rejects on a non-zero exit or after 60 s. */
  function pm2(...args: string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [PM2, ...args], {
        cwd: ROOT,
        env: { ...env, PM2_HOME: pm2Home, WEB_CONCURRENCY: '2' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(output);
        else reject(new Error(`pm2 ${args.join(' ')} exited ${code}: ${output}`));
      });
    });
  }

  async function workers(): Promise<Worker[]> {
    const list = JSON.parse(await pm2('jlist')) as Array<{
      pm_id: number;
      pid: number;
      pm2_env: { status: string; restart_time: number };
    }>;
    return list.map((p) => ({
      pmId: p.pm_id,
      pid: p.pid,
      status: p.pm2_env.status,
      restarts: p.pm2_env.restart_time,
    }));
  }

  /** Polls `pm2 jlist` until `ready` holds; fails after 30 s. */
  async function until(ready: (list: Worker[]) => boolean, what: string): Promise<Worker[]> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const list = await workers();
      if (ready(list)) return list;
      if (Date.now() > deadline)
        throw new Error(`${what} not within 30 s: ${JSON.stringify(list)}`);
      await sleep(250);
    }
  }

  const bothOnline = (list: Worker[]) =>
    list.length === 2 && list.every((w) => w.status === 'online' && w.pid > 0);

  /**
   * CLIENTS clients, each publishing posts one after the other (a connection
   * each) until stopped. At any moment at most CLIENTS requests are in flight.
   */
  function load() {
    const outcomes: Array<{ outcome: Outcome; startedAt: number }> = [];
    let running = true;
    const clients = Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; running; i++) {
        const startedAt = Date.now();
        const outcome = await call(port, {
          method: 'POST',
          path: '/api/posts',
          body: { text: `client ${client} post ${i}` },
          token,
          // A connection the primary handed to a worker just as it was killed is never
          // answered (Node's cluster drops it with the worker): give up on it soon.
          timeoutMs: 3000,
        });
        outcomes.push({ outcome, startedAt });
        await sleep(10);
      }
    });
    return {
      outcomes,
      stop: async () => {
        running = false;
        await Promise.all(clients);
        return outcomes;
      },
    };
  }

  /** Every post answered with 201 can be read back through the cluster. */
  async function expectAllStored(outcomes: Array<{ outcome: Outcome }>): Promise<void> {
    for (const { outcome } of outcomes) {
      if (!('status' in outcome) || outcome.status !== 201) continue;
      const { id, text } = outcome.body as { id: number; text: string };
      const read = await call(port, { method: 'GET', path: `/api/posts/${id}` });
      expect(read).toMatchObject({ status: 200, body: { id, text } });
    }
  }

  beforeAll(async () => {
    requireBuild();
    pm2Home = mkdtempSync(join(tmpdir(), 'pm2-home-'));
    port = await freePort();
    env = productionEnv(port, process.env.DATABASE_URL as string);
    await pm2('start', 'ecosystem.config.cjs');
    await until(bothOnline, 'two online workers');
    await waitForHealth(port);
    ({ token } = await registerUser(port));
  });

  afterAll(async () => {
    // Stops the workers and this PM2 daemon, whatever the tests left.
    if (pm2Home) await pm2('kill').catch(() => undefined);
    if (pm2Home) rmSync(pm2Home, { recursive: true, force: true });
  });

  it('runs two workers in cluster mode, one port', async () => {
    const list = await workers();
    expect(list).toHaveLength(2);
    expect(new Set(list.map((w) => w.pid)).size).toBe(2);
  });

  it('restarts a worker killed with SIGKILL; at most the requests in flight on it fail', async () => {
    const before = await workers();
    const victim = before[0];
    const traffic = load();
    await sleep(1000);
    const killedAt = Date.now();
    process.kill(victim.pid, 'SIGKILL');
    const after = await until(
      (list) =>
        bothOnline(list) &&
        list.some(
          (w) =>
            w.pmId === victim.pmId && w.pid !== victim.pid && w.restarts === victim.restarts + 1,
        ),
      `PM2 restarting worker ${victim.pmId}`,
    );
    await sleep(1000);
    const outcomes = await traffic.stop();

    expect(after.find((w) => w.pmId === before[1].pmId)?.pid).toBe(before[1].pid);
    const failed = outcomes.filter(
      ({ outcome }) => !('status' in outcome) || outcome.status !== 201,
    );
    // Only requests cut off with their connection: never an error answer.
    for (const { outcome } of failed) expect('error' in outcome).toBe(true);
    expect(failed.length).toBeLessThanOrEqual(CLIENTS);
    // The other worker served while the killed one was down, and both after.
    expect(outcomes.filter(({ startedAt }) => startedAt > killedAt + 100).length).toBeGreaterThan(
      CLIENTS,
    );
    await expectAllStored(outcomes);
  });

  it('reloads every worker with `pm2 reload` and fails no request', async () => {
    const before = await workers();
    const traffic = load();
    await sleep(500);
    await pm2('reload', 'social-api');
    const after = await until(
      (list) => bothOnline(list) && list.every((w) => !before.some((b) => b.pid === w.pid)),
      'two new workers',
    );
    await sleep(500);
    const outcomes = await traffic.stop();

    expect(after).toHaveLength(2);
    expect(outcomes.length).toBeGreaterThan(CLIENTS * 5);
    expect(
      outcomes.filter(({ outcome }) => !('status' in outcome) || outcome.status !== 201),
    ).toEqual([]);
    await expectAllStored(outcomes);
  });
});
