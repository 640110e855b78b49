#!/usr/bin/env node
// The response cache's benchmark: requests per second and p99 latency of
// GET /api/posts/:id and of a feed page, served by the built app with the
// cache on Redis, against the same build with caching off (CACHE_TTL=0).
//
//   npm run build && node bench/cache.mjs [--duration 10] [--connections 16]
//
// Environment:
//   DATABASE_URL  the database both runs read (default: a new SQLite file in a
//                 temporary directory). With MySQL/MariaDB, give a database of
//                 its own, e.g. mysql://root@127.0.0.1:3306/social_bench.
//   REDIS_URL     the Redis of the cached run (default redis://127.0.0.1:6379).
//
// Everything listens on 127.0.0.1 only. Each run gets its own server process;
// request logs are off (LOG_LEVEL=warn) in both, so they do not dominate.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { freePort } from './lib/processes.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '16' },
    authors: { type: 'string', default: '30' },
    'posts-per-author': { type: 'string', default: '20' },
  },
});
const DURATION_S = Number(args.duration);
const CONNECTIONS = Number(args.connections);
const AUTHORS = Number(args.authors);
const POSTS_PER_AUTHOR = Number(args['posts-per-author']);

if (!existsSync('dist/main.js')) {
  console.error('dist/main.js is missing: run `npm run build` first.');
  process.exit(1);
}

const scratch = mkdtempSync(join(tmpdir(), 'social-bench-'));
const databaseUrl = process.env.DATABASE_URL || `sqlite:${join(scratch, 'bench.sqlite')}`;
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const runId = Date.now().toString(36);

const MODES = {
  off: { label: 'cache off', env: { CACHE_TTL: '0' } },
  redis: { label: 'cache on Redis', env: { CACHE_TTL: '60', REDIS_URL: redisUrl } },
};

/** Starts `node dist/main.js` in a mode and waits for /health. */
async function startServer(mode) {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      PATH: process.env.PATH,
      HOST: '127.0.0.1',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      JWT_SECRET: 'bench-only-secret-0123456789abcdef0123456789',
      LOG_LEVEL: 'warn',
      THROTTLE_AUTH_LIMIT: '0',
      THROTTLE_LIMIT: '0',
      ...MODES[mode].env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    base,
    async stop() {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function api(base, method, path, { token, body, expect = [200, 201, 204] } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!expect.includes(res.status)) {
    throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  }
  return res.status === 204 ? undefined : res.json();
}

async function register(base, name) {
  const session = await api(base, 'POST', '/api/auth/register', {
    body: { username: `b${runId}_${name}`, name, password: 'bench password 123' },
  });
  return { id: session.user.id, token: session.accessToken };
}

/** Runs `work` over `items`, `width` at a time. */
async function inParallel(items, width, work) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (queue.length) await work(queue.shift());
    }),
  );
}

/**
 * A reader who follows AUTHORS authors of POSTS_PER_AUTHOR posts each, so
 * that a feed page merges many authors. Seeded through the API, with the cache
 * on, ending with an account deletion: that invalidates the whole cache
 * (namespace `all`), so nothing left in this Redis by an earlier run against
 * another database can answer.
 */
async function seed() {
  const server = await startServer('redis');
  try {
    const reader = await register(server.base, 'reader');
    const authors = [];
    for (let a = 0; a < AUTHORS; a++) authors.push(await register(server.base, `author${a}`));
    const posts = authors.flatMap((author) =>
      Array.from({ length: POSTS_PER_AUTHOR }, (_, n) => ({ author, text: `post ${n}` })),
    );
    let lastPost;
    await inParallel(posts, 8, async ({ author, text }) => {
      lastPost = await api(server.base, 'POST', '/api/posts', {
        token: author.token,
        body: { text },
      });
    });
    await inParallel(authors, 8, (author) =>
      api(server.base, 'PUT', `/api/users/${author.id}/follow`, { token: reader.token }),
    );
    await api(server.base, 'PUT', `/api/posts/${lastPost.id}/like`, { token: reader.token });
    const leaving = await register(server.base, 'leaving');
    await api(server.base, 'DELETE', '/api/users/me', { token: leaving.token });
    return { reader, postId: lastPost.id };
  } finally {
    await server.stop();
  }
}

async function measure(base, path, headers) {
  const run = (duration) =>
    autocannon({ url: `${base}${path}`, connections: CONNECTIONS, duration, headers });
  await run(2); // warm-up: JIT, connection pools, the first MISS
  const result = await run(DURATION_S);
  if (result.non2xx || result.errors || result.timeouts) {
    throw new Error(
      `${path}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

async function main() {
  console.log(
    `database ${databaseUrl.replace(/\/\/[^@]*@/, '//')}, redis ${redisUrl}, ` +
      `${AUTHORS} authors x ${POSTS_PER_AUTHOR} posts, ${CONNECTIONS} connections, ${DURATION_S} s per run`,
  );
  const { reader, postId } = await seed();
  const routes = [
    { name: 'GET /api/posts/:id', path: `/api/posts/${postId}`, headers: {} },
    {
      name: `GET /api/feed (${AUTHORS + 1} authors, 20 items)`,
      path: '/api/feed',
      headers: { authorization: `Bearer ${reader.token}` },
    },
  ];
  const results = {};
  for (const mode of Object.keys(MODES)) {
    const server = await startServer(mode);
    try {
      for (const route of routes) {
        const probe = await fetch(`${server.base}${route.path}`, { headers: route.headers });
        await fetch(`${server.base}${route.path}`, { headers: route.headers });
        const again = await fetch(`${server.base}${route.path}`, { headers: route.headers });
        if (!probe.ok) throw new Error(`${route.path}: ${probe.status}`);
        const expected = mode === 'off' ? 'MISS' : 'HIT';
        if (again.headers.get('x-cache') !== expected) {
          throw new Error(`${route.path} in mode ${mode}: X-Cache ${again.headers.get('x-cache')}`);
        }
        results[`${mode} ${route.name}`] = await measure(server.base, route.path, route.headers);
        process.stderr.write(`  measured ${MODES[mode].label}: ${route.name}\n`);
      }
    } finally {
      await server.stop();
    }
  }

  const fmt = (n) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });
  console.log('');
  console.log(
    '| route | cache off req/s | cache on Redis req/s | ratio | cache off p99 | cache on Redis p99 |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const route of routes) {
    const off = results[`off ${route.name}`];
    const on = results[`redis ${route.name}`];
    console.log(
      `| ${route.name} | ${fmt(off.rps)} | ${fmt(on.rps)} | ${(on.rps / off.rps).toFixed(2)}x | ` +
        `${off.p99} ms | ${on.p99} ms |`,
    );
  }
}

main()
  .catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  })
  .finally(() => rmSync(scratch, { recursive: true, force: true }));
