import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, where dist/ and ecosystem.config.cjs are. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The production entry (`npm start`, PM2, Docker): dist/main.js bundled (scripts/bundle.mjs). */
export const MAIN = join(ROOT, 'dist', 'main.bundle.js');

/** Fails with the command to run when the build output is missing. */
export function requireBuild(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first`);
}

export const usingMysql = () => /^(mysql|mariadb):/.test(process.env.DATABASE_URL ?? '');

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * The environment of an app process, as in production, on loopback only; no
 * rate limits, which the load these specs send would hit.
 */
export function productionEnv(port: number, databaseUrl: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    LOG_LEVEL: 'info',
    LOG_FORMAT: 'json',
    THROTTLE_LIMIT: '0',
    THROTTLE_AUTH_LIMIT: '0',
  };
}

export type Outcome =
  { status: number; body: unknown; headers: Record<string, unknown> } | { error: string };

export interface HttpCall {
  method: string;
  path: string;
  body?: unknown;
  token?: string;
  /** Gives up (error TIMEOUT) after this long; 15 s by default. */
  timeoutMs?: number;
}

/**
 * One request on a connection of its own (no keep-alive), so that a request can
 * only fail because of what happens to it, not to a connection it shared.
 */
export function call(
  port: number,
  { method, path, body, token, timeoutMs = 15_000 }: HttpCall,
): Promise<Outcome> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent: false,
        timeout: timeoutMs,
        headers: {
          ...(payload ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: parse(text), headers: res.headers }),
        );
        res.on('error', (error: NodeJS.ErrnoException) =>
          resolve({ error: error.code ?? error.message }),
        );
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message }),
    );
    req.end(payload);
  });
}

/**
 * A POST whose body arrives in two halves: `start` sends the headers and the
 * first half, `finish` the rest. In between, the request is in flight on the
 * server: accepted, routed, and waiting for its body.
 */
export function slowPost(port: number, path: string, body: unknown, token: string) {
  const payload = Buffer.from(JSON.stringify(body));
  const half = Math.floor(payload.length / 2);
  const req = request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path,
    agent: false,
    timeout: 30_000,
    headers: {
      'content-type': 'application/json',
      'content-length': payload.length,
      authorization: `Bearer ${token}`,
    },
  });
  const outcome = new Promise<Outcome>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: parse(text), headers: res.headers }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ error: error.code ?? error.message }),
    );
  });
  return {
    start: () => {
      req.flushHeaders();
      req.write(payload.subarray(0, half));
    },
    finish: () => {
      req.end(payload.subarray(half));
      return outcome;
    },
  };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Polls GET /health until it answers 200; fails after `ms`. */
export async function waitForHealth(port: number, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const res = await call(port, { method: 'GET', path: '/health' });
    if ('status' in res && res.status === 200) return;
    if (Date.now() > deadline) throw new Error(`no healthy app on port ${port} within ${ms} ms`);
    await sleep(200);
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Registers a fresh user; returns its access token. */
export async function registerUser(port: number): Promise<{ token: string; password: string }> {
  const password = `pw-${randomBytes(12).toString('hex')}`;
  const res = await call(port, {
    method: 'POST',
    path: '/api/auth/register',
    body: { username: `p_${randomBytes(6).toString('hex')}`, name: 'Process Test', password },
  });
  if (!('status' in res) || res.status !== 201) throw new Error(`register: ${JSON.stringify(res)}`);
  const body = res.body as { accessToken: string; refreshToken: string };
  return { token: body.accessToken, password };
}

/** The production entry (`node dist/main.bundle.js`) as a child process, its stdout kept line by line. */
export class AppProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly child: ChildProcess;

  constructor(
    readonly env: NodeJS.ProcessEnv,
    { nodeArgs = [], cwd = ROOT }: { nodeArgs?: string[]; cwd?: string } = {},
  ) {
    this.child = spawn(process.execPath, [...nodeArgs, MAIN], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    const collect = (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const parts = pending.split('\n');
      pending = parts.pop() ?? '';
      this.lines.push(...parts);
    };
    this.child.stdout?.on('data', collect);
    this.child.stderr?.on('data', collect);
    this.exited = once(this.child, 'exit').then(([code, signal]) => ({ code, signal }));
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get port(): number {
    return Number(this.env.PORT);
  }

  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** Ends the process if it still runs (SIGKILL), and waits for it. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
