import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AppProcess,
  call,
  freePort,
  type Outcome,
  productionEnv,
  registerUser,
  requireBuild,
  sleep,
  slowPost,
  usingMysql,
  waitForHealth,
} from './helpers.js';

// The built app (dist/main.bundle.js) as its own process, stopped with SIGTERM while
// requests are in flight. Runs on MySQL when DATABASE_URL points there, else on
// an SQLite file of its own.
describe('SIGTERM while requests are in flight', () => {
  let app: AppProcess;
  let sqliteDir: string | undefined;
  let databaseUrl: string;

  beforeAll(async () => {
    requireBuild();
    if (usingMysql()) {
      databaseUrl = process.env.DATABASE_URL as string;
    } else {
      sqliteDir = mkdtempSync(join(tmpdir(), 'sigterm-'));
      databaseUrl = `sqlite:${join(sqliteDir, 'app.sqlite')}`;
    }
    app = new AppProcess(productionEnv(await freePort(), databaseUrl));
    await waitForHealth(app.port);
  });

  afterAll(async () => {
    await app?.stop();
    if (sqliteDir) rmSync(sqliteDir, { recursive: true, force: true });
  });

  it('finishes every request in flight, accepts no new one, exits 0, and loses no answered write', async () => {
    const { token, password } = await registerUser(app.port);
    const post = (text: string): Promise<Outcome> =>
      call(app.port, { method: 'POST', path: '/api/posts', body: { text }, token });

    // In flight for sure: headers and half of each body are on the server before the signal.
    const slow = Array.from({ length: 5 }, (_, i) =>
      slowPost(app.port, '/api/posts', { text: `slow ${i}` }, token),
    );
    slow.forEach((request) => request.start());
    await sleep(500);
    // And a burst racing the signal: each is either answered or never accepted.
    const burst = Array.from({ length: 20 }, (_, i) => post(`burst ${i}`));
    app.signal('SIGTERM');

    // The listener closes: new connections are refused. (One that raced the close may
    // be reset before its request was read: not accepted either.)
    const deadline = Date.now() + 5000;
    for (;;) {
      const probe = await call(app.port, { method: 'GET', path: '/health' });
      if ('error' in probe && probe.error === 'ECONNREFUSED') break;
      if ('error' in probe) expect(probe.error).toBe('ECONNRESET');
      if (Date.now() > deadline) throw new Error('still accepting connections 5 s after SIGTERM');
    }
    expect(await post('after the listener closed')).toEqual({ error: 'ECONNREFUSED' });

    // The requests in flight still complete once their bodies arrive.
    const slowOutcomes = await Promise.all(slow.map((request) => request.finish()));
    for (const outcome of slowOutcomes) {
      expect(outcome).toMatchObject({ status: 201, headers: { connection: 'close' } });
    }
    const burstOutcomes = await Promise.all(burst);
    for (const outcome of burstOutcomes) {
      if ('status' in outcome) expect(outcome.status).toBe(201);
      else expect(['ECONNREFUSED', 'ECONNRESET']).toContain(outcome.error);
    }

    expect(await app.exited).toEqual({ code: 0, signal: null });
    const shutdownLog = app.lines.filter((line) => line.includes('"context":"Shutdown"'));
    expect(shutdownLog).toEqual([
      expect.stringContaining('SIGTERM received'),
      expect.stringContaining('closed: requests finished'),
    ]);

    // Every post answered with 201 is there, read by a new process.
    const answered = [...slowOutcomes, ...burstOutcomes].flatMap((outcome) =>
      'status' in outcome ? [outcome.body as { id: number; text: string }] : [],
    );
    expect(answered.length).toBeGreaterThanOrEqual(slow.length);
    const reader = new AppProcess(productionEnv(await freePort(), databaseUrl));
    try {
      await waitForHealth(reader.port);
      for (const { id, text } of answered) {
        const read = await call(reader.port, { method: 'GET', path: `/api/posts/${id}` });
        expect(read).toMatchObject({ status: 200, body: { id, text } });
      }
    } finally {
      await reader.stop();
    }

    // Logs: one JSON line per request, with what an operator needs and no secret.
    const requests = app.lines
      .filter((line) => line.includes('"msg":"request completed"'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(requests.length).toBeGreaterThanOrEqual(answered.length);
    const ids = requests.map((line) => (line.req as { id: string }).id);
    expect(new Set(ids).size).toBe(ids.length); // each request logged once
    expect(requests.filter((line) => line.route === '/health')).toEqual([]); // probes are not
    expect(requests).toContainEqual(
      expect.objectContaining({
        req: { id: expect.any(String), method: 'POST', url: '/api/posts' },
        route: '/api/posts',
        res: { statusCode: 201 },
        responseTime: expect.any(Number),
      }),
    );
    const everything = app.lines.join('\n');
    for (const secret of [app.env.JWT_SECRET as string, token, password]) {
      expect(everything).not.toContain(secret);
    }
  });
});
