#!/usr/bin/env node
// The benchmark: how fast the app is, against a minimal server doing the same
// work (the limit), and how the feed's cost grows with the data.
//
//   npm run bench                       build, then everything at the default size
//   npm run bench -- --users 10000      100k and 1M posts (default: 20k and 200k)
//   npm run bench -- --only mixed       one scenario (or a comma-separated list): about 2 minutes
//   npm run bench -- --only fanout      a post by an author of 10,000 followers, into their timelines
//
// Seeds two MySQL databases of the same shape, the second `--scale` times larger
// (more users, the same posts, follows and likes per user), starts the built app
// (`node dist/main.js`, rate limits off, logs at warn) and bench/baseline/server.mjs,
// and loads them with autocannon from a process of its own (bench/load.mjs); in
// the mixed workloads, other users write meanwhile from another (bench/writer.mjs).
// With Redis the app keeps home timelines (docs/TIMELINES.md): their feed reads are
// measured once every measured reader's timeline is built, and the fan-out apart.
// Prints Markdown tables and writes everything to bench/results/<date>.json.
// See bench/README.md for what is measured and how to read it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { addSkewedAccounts, ensureDatabase, pickSamples, seed, settle } from './lib/dataset.mjs';
import { measureHop } from './hop.mjs';
import { measureFanout } from './lib/fanout.mjs';
import { MIXED, MIXED_BY_KIND, mixedReaders, mixedSteps, writerConfig } from './lib/mixed.mjs';
import {
  api,
  findProcess,
  inParallel,
  load,
  startApp,
  startBaseline,
  startWriter,
} from './lib/processes.mjs';
import { renderReport, summarize, verdicts } from './lib/report.mjs';
import { AUTHENTICATED_POST } from './lib/report-timelines.mjs';
import { buildTimelines } from './lib/timelines.mjs';

const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '2000' },
    scale: { type: 'string', default: '10' },
    'posts-per-user': { type: 'string', default: '10' },
    'follows-per-user': { type: 'string', default: '30' },
    'likes-per-post': { type: 'string', default: '5' },
    seed: { type: 'string', default: '1' },
    readers: { type: 'string', default: '200' },
    fans: { type: 'string', default: '50' },
    'heavy-follows': { type: 'string', default: '1000' },
    'mixed-readers': { type: 'string', default: '100' },
    writers: { type: 'string', default: '50' },
    // The mixed scenario also runs the 5% workload's writes one kind at a time.
    'mixed-by-kind': { type: 'boolean', default: false },
    // Which scenarios to run (comma-separated), e.g. `--only mixed`: all by default.
    only: { type: 'string', default: '' },
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
    mysql: {
      type: 'string',
      default: process.env.BENCH_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306',
    },
    database: { type: 'string', default: 'social_bench' },
    // A Redis database of its own (1): the run neither sees nor disturbs the cache
    // versions of anything else using the server's database 0, a test run say.
    redis: { type: 'string', default: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379/1' },
    // The larger dataset's timelines need a Redis database of their own: user ids repeat.
    'redis-scaled': {
      type: 'string',
      default: process.env.BENCH_REDIS_SCALED_URL ?? 'redis://127.0.0.1:6379/8',
    },
    // The fan-out scenario: the author's followers, the posts measured, the app's threshold.
    'fanout-followers': { type: 'string', default: '10000' },
    'fanout-posts': { type: 'string', default: '5' },
    'fanout-max-followers': { type: 'string', default: '10000' },
    // An earlier checkout, installed and built, whose cached GET /api/posts/:id is
    // measured beside this one's in the same rounds: a change's cost in one run.
    before: { type: 'string', default: '' },
    // Its cache apart from this build's: the two may key the same read differently.
    'before-redis': { type: 'string', default: 'redis://127.0.0.1:6379/9' },
  },
});
const int = (name) => {
  const value = Number(args[name]);
  if (!Number.isSafeInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer`);
  return value;
};
const options = {
  users: int('users'),
  scale: int('scale'),
  postsPerUser: int('posts-per-user'),
  followsPerUser: int('follows-per-user'),
  likesPerPost: int('likes-per-post'),
  seed: int('seed'),
  readers: int('readers'),
  fans: int('fans'),
  heavyFollows: int('heavy-follows'),
  mixedReaders: int('mixed-readers'),
  writers: int('writers'),
  rounds: int('rounds'),
  duration: int('duration'),
  warmup: int('warmup'),
  connections: int('connections'),
  fanoutFollowers: int('fanout-followers'),
  fanoutPosts: int('fanout-posts'),
  fanoutMaxFollowers: int('fanout-max-followers'),
};
// The scenarios, in the order a run takes them: the writes last, as they change what
// reads see (the mixed workloads' writes toggle, so they leave little behind).
// The fan-out comes after them all: it adds 10,000 accounts to the 1x dataset.
// `hop`: the posts service through nginx and direct (bench/hop.mjs).
const SCENARIOS = ['post', 'reads', 'growth', 'mixed', 'writes', 'hop', 'fanout'];
const only = args.only ? args.only.split(',').map((name) => name.trim()) : SCENARIOS;
for (const name of only) {
  if (!SCENARIOS.includes(name))
    throw new Error(`--only: unknown scenario "${name}" (${SCENARIOS.join(', ')})`);
}
options.only = SCENARIOS.filter((name) => only.includes(name));
const mixedScenarios = args['mixed-by-kind'] ? [...MIXED, ...MIXED_BY_KIND] : MIXED;
const running = (...names) => names.some((name) => options.only.includes(name));
const PASSWORD = 'demo-password';
// What the cached app serves: everything but the timeline worker, which runs beside it.
const API_SERVICES = 'auth,users,follows,posts';
const started = Date.now();
const runId = new Date(started).toISOString().replace(/[:.]/g, '-').slice(0, 19);
const log = (line) =>
  process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}\n`);

if (!existsSync('dist/main.js')) {
  console.error('dist/main.js is missing: run `npm run build` first (npm run bench does).');
  process.exit(1);
}
const before = args.before ? path.resolve(args.before) : undefined;
if (before && !existsSync(`${before}/dist/main.js`)) {
  console.error(`--before ${args.before}: no dist/main.js there (npm ci && npm run build in it)`);
  process.exit(1);
}
// Recorded relative to this checkout: a results file names no folder of the machine it ran on.
const shownBefore = before && (path.relative(process.cwd(), before) || '.');
options.before = before && {
  dir: shownBefore,
  commit: execFileSync('git', ['-C', before, 'rev-parse', '--short', 'HEAD'], {
    encoding: 'utf8',
  }).trim(),
};

// The larger dataset only serves the growth runs.
const datasets = [
  { label: '1x', database: args.database, users: options.users, redis: args.redis },
  ...(running('growth')
    ? [
        {
          label: `${options.scale}x`,
          database: `${args.database}_${options.scale}x`,
          users: options.users * options.scale,
          redis: args['redis-scaled'],
        },
      ]
    : []),
].map((d) => ({ ...d, url: `${args.mysql.replace(/\/$/, '')}/${d.database}` }));

/** Seeds a dataset, adds the celebrity and the heavy follower, picks the samples. */
async function prepare(dataset) {
  const size = { ...options, users: dataset.users };
  const seeded = await seed(dataset.url, dataset.redis, size);
  log(`${dataset.label}: ${seeded.summary} (${seeded.seconds.toFixed(0)} s)`);
  const skewed = await addSkewedAccounts(dataset.url, {
    celebrityShare: 0.1,
    celebrityPosts: options.postsPerUser * 100,
    heavyFollows: options.heavyFollows,
    seed: options.seed,
  });
  const samples = await pickSamples(dataset.url, {
    readers: options.readers,
    fans: options.fans,
    writers: options.writers,
    celebrity: skewed.celebrity,
    heavy: skewed.heavy,
    likeTargets: 500,
  });
  return Object.assign(dataset, { seedSeconds: seeded.seconds, skewed, samples });
}

/** Logs in every sampled user (argon2: before anything is measured); username -> access token. */
async function logIn(url, users) {
  const unique = [...new Map(users.map((u) => [u.username, u])).values()];
  const sessions = await inParallel(unique, 4, (u) =>
    api(url, 'POST', '/api/auth/login', { body: { username: u.username, password: PASSWORD } }),
  );
  return new Map(unique.map((u, i) => [u.username, sessions[i].body.accessToken]));
}

/** The app and the baseline must answer the compared routes with the same JSON. */
async function checkSameAnswers(app, baseline, { hotPost, token }) {
  const { nextCursor } = (await api(app.url, 'GET', '/api/feed', { token })).body;
  const pairs = [
    [`/api/posts/${hotPost}`, undefined],
    ['/api/feed', token],
    ...(nextCursor ? [[`/api/feed?cursor=${nextCursor}&limit=7`, token]] : []),
  ];
  for (const [path, bearer] of pairs) {
    const [ours, theirs] = await Promise.all(
      [app, baseline].map((s) => api(s.url, 'GET', path, { token: bearer })),
    );
    if (!isDeepStrictEqual(ours.body, theirs.body)) {
      throw new Error(
        `${path}: the baseline does not answer like the app:\n` +
          `${JSON.stringify(ours.body).slice(0, 400)}\n${JSON.stringify(theirs.body).slice(0, 400)}`,
      );
    }
  }
}

const runs = [];
const warmedUp = new Set();
const services = { mysql: findProcess('mariadbd', 'mysqld'), redis: findProcess('redis-server') };
async function measure(dataset, server, route, { writer: writes, ...spec }, tags = {}) {
  // A fresh process runs its code unoptimized at first: its first run warms up longer.
  const warmup = warmedUp.has(server) ? options.warmup : Math.max(5, options.warmup);
  warmedUp.add(server);
  // A mixed workload's writers start first, and write through the warm-up too: what is
  // measured is the cache as it stands under writes, not as it was left by the last run.
  const writer =
    writes &&
    startWriter(await writerConfig(dataset, server, writes, options.seed + (tags.round ?? 0)));
  // The app's timeline worker, a process of its own: its CPU and memory are counted apart.
  const worker = server === dataset.servers?.app ? dataset.servers.worker : undefined;
  server.resetPeakRss();
  worker?.resetPeakRss();
  const warningsBefore = server.warnings();
  let result;
  let written;
  try {
    result = await load(
      {
        url: server.url,
        connections: options.connections,
        duration: options.duration,
        warmup,
        ...spec,
      },
      {
        server: server.pid,
        ...(worker ? { worker: worker.pid } : {}),
        ...services,
        ...(writer ? { writer: writer.pid } : {}),
      },
      writer
        ? {
            onMeasuring: writer.measuring,
            onProgress: writes.rate.share ? writer.reads : undefined,
          }
        : {},
    );
  } finally {
    written = await writer?.stop();
  }
  const warnings = Object.fromEntries(
    Object.entries(server.warnings())
      .map(([message, count]) => [message, count - (warningsBefore[message] ?? 0)])
      .filter(([, count]) => count > 0),
  );
  const run = {
    dataset: dataset.label,
    server: server.name,
    route,
    expectCache: spec.expectCache,
    ...tags,
    ...result,
    ...(result.xCache ? { hitRate: hitRate(result.xCache) } : {}),
    ...(written ? { writes: written } : {}),
    ...(Object.keys(warnings).length ? { serverWarnings: warnings } : {}),
    peakRssMb: server.peakRssMb(),
    ...(worker ? { workerPeakRssMb: worker.peakRssMb() } : {}),
  };
  runs.push(run);
  const cpu = result.cpuMsPerRequest;
  log(
    `${dataset.label} ${server.name.padEnd(15)} ${route.padEnd(37)} ${result.rps.toFixed(0).padStart(6)} req/s ` +
      `p50 ${result.p50} p99 ${result.p99} ms, CPU ms/req: server ${cpu.server}` +
      (worker ? ` (worker ${cpu.worker})` : '') +
      ` mysql ${cpu.mysql} redis ${cpu.redis}, ` +
      `other processes ${result.otherCores} cores` +
      (tags.mixed ? `, X-Cache HIT ${(run.hitRate * 100).toFixed(1)}%` : '') +
      (written
        ? `; writes ${written.measured.rate.toFixed(1)}/s, p50 ${written.measured.p50} p99 ${written.measured.p99} ms, ` +
          `${written.ok} of ${written.sent} 2xx`
        : ''),
  );
  return run;
}

/** The share of answers that said X-Cache: HIT. */
const hitRate = ({ HIT, MISS, none }) => (HIT + MISS + none ? HIT / (HIT + MISS + none) : 0);

/**
 * The servers the chosen scenarios use: at the base size the app with its cache on
 * Redis (and so with timelines); for the comparisons the app with the cache off
 * (without Redis: no timelines, the feed is the database query) and the baseline;
 * for the growth runs, at both sizes, the app with timelines but the cache off, so
 * that its feed reads are timeline reads, not cached pages.
 */
async function startServers() {
  const servers = [];
  const compared = running('post', 'growth');
  try {
    for (const [n, dataset] of datasets.entries()) {
      const common = {
        databaseUrl: dataset.url,
        redisUrl: dataset.redis,
        env: { FANOUT_MAX_FOLLOWERS: String(options.fanoutMaxFollowers) },
      };
      const cached =
        n === 0 && running('post', 'reads', 'mixed', 'writes', 'hop', 'fanout', 'growth');
      // As deployed with services: the API does not run the timeline jobs, a worker
      // process of its own does, so that what a request costs is measured apart from them.
      const split = (services) => ({
        ...common,
        cacheTtl: 60,
        env: { ...common.env, SERVICES: services },
      });
      // Cache off, no Redis: also what POST /api/posts costs without timelines.
      const off = compared || (n === 0 && running('writes'));
      const own = {
        ...(cached
          ? {
              app: await startApp('app', split(API_SERVICES)),
              worker: await startApp('worker', split('worker')),
            }
          : {}),
        ...(off ? { appOff: await startApp('app, cache off', { ...common, cacheTtl: 0 }) } : {}),
        // The build before: its cached read beside this one's, what a post cost it (no
        // timelines then) and its heavy reader's page, cold: the "today" of issue 13's
        // POST and heavy reader targets.
        ...(before && n === 0 && running('post', 'writes', 'growth')
          ? {
              appBefore: await startBefore({
                ...common,
                redisUrl: args['before-redis'],
                cacheTtl: 60,
                dir: before,
              }),
            }
          : {}),
        // And its feed from MySQL, without Redis, beside this build's (growth, 1x).
        ...(before && n === 0 && running('growth')
          ? {
              appBeforeOff: await startApp('app, before, cache off', {
                ...common,
                cacheTtl: 0,
                dir: before,
              }),
            }
          : {}),
        ...(compared
          ? {
              baseline: await startBaseline('baseline', { ...common, redisUrl: args.redis, runId }),
            }
          : {}),
        ...(running('growth')
          ? {
              appTimelines: await startApp('app, timelines', {
                ...common,
                cacheTtl: 0,
                timelines: true,
              }),
            }
          : {}),
      };
      servers.push(...Object.values(own));
      dataset.servers = own;
    }
    return servers;
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()));
    throw error;
  }
}

/**
 * The earlier build of `--before`, on a Redis database emptied first: the seed
 * invalidated this build's cached reads of an earlier run, not that one's.
 */
async function startBefore(settings) {
  const redis = new Redis(settings.redisUrl, { lazyConnect: true });
  await redis.connect();
  await redis.flushdb();
  redis.disconnect();
  return startApp('app, before', settings);
}

/**
 * Runs `steps` ([dataset, server, route, spec, tags]) `rounds` times over, in
 * turn: the runs compared with one another sit next to one another, so that a
 * slow moment of the machine does not weigh on one side only. The report takes
 * the median of the rounds.
 */
async function measureRounds(steps, rounds = options.rounds) {
  for (let round = 0; round < rounds; round++) {
    for (const [dataset, server, route, spec, tags] of steps) {
      await measure(dataset, server, route, spec, { ...tags, round });
    }
  }
}

/**
 * The feed at both sizes: from MySQL, the readers (also on the baseline), the fans
 * and the heavy reader; from the built timelines, the readers and the heavy reader.
 */
function growthSteps() {
  const steps = [];
  for (const kind of ['readers', 'fans', 'heavy']) {
    for (const dataset of datasets) {
      const { samples, servers, tokens } = dataset;
      const users = kind === 'heavy' ? [samples.heavy] : samples[kind];
      const feed = {
        method: 'GET',
        paths: ['/api/feed'],
        tokens: users.map((u) => tokens.get(u.username)),
      };
      const route = {
        readers: 'GET /api/feed',
        fans: 'GET /api/feed, fans of the celebrity',
        heavy: `GET /api/feed, follows ${samples.heavy.following.toLocaleString('en-US')}`,
      }[kind];
      const tags = kind === 'readers' ? { compare: 'feed', growth: kind } : { growth: kind };
      steps.push([dataset, servers.appOff, route, { ...feed, expectCache: 'MISS' }, tags]);
      if (kind === 'readers' && servers.appBeforeOff) {
        steps.push([dataset, servers.appBeforeOff, route, { ...feed, expectCache: 'MISS' }, tags]);
      }
      if (kind === 'readers') steps.push([dataset, servers.baseline, route, feed, tags]);
      // The heavy reader on the app as deployed, the response cache warm: for comparison.
      if (kind === 'heavy' && servers.app) {
        steps.push([
          dataset,
          servers.app,
          route,
          { ...feed, expectCache: 'HIT' },
          { growth: kind },
        ]);
      }
      // As deployed, the page's own cache entry cold (a fresh cursor each request: the
      // same first page under a new key), its posts and the token check warm: a reader
      // whose page a followee's post has just replaced. Also on the build before
      // timelines, where that page is the database query: the "today" of the target.
      if (kind === 'heavy') {
        const cold = { ...feed, freshCursors: true, expectCache: 'MISS' };
        const coldRoute = `${route}, page cold`;
        for (const server of [servers.app, servers.appBefore].filter(Boolean)) {
          steps.push([dataset, server, coldRoute, cold, { growth: kind, pageCold: true }]);
        }
      }
      if (kind !== 'fans') {
        steps.push([
          dataset,
          servers.appTimelines,
          route,
          { ...feed, expectCache: 'MISS' },
          { growth: kind, timelines: true },
        ]);
      }
    }
  }
  return steps;
}

/** Every other route, at the base size: the reads, then (last, as they change what reads see) the writes. */
function routeSteps(dataset) {
  const { samples, servers, tokens } = dataset;
  const { readers, hotPost, likeTargets } = samples;
  const asReaders = readers.map((u) => tokens.get(u.username));
  const hot = { method: 'GET', paths: [`/api/posts/${hotPost}`] };
  const login = (u) => JSON.stringify({ username: u.username, password: PASSWORD });
  const at = (steps) => steps.map((step) => [dataset, ...step]);
  const publish = {
    method: 'POST',
    paths: ['/api/posts'],
    tokens: asReaders,
    bodies: [JSON.stringify({ text: 'A post from the benchmark' })],
  };
  return {
    compared: at([
      [servers.app, 'GET /api/posts/:id', { ...hot, expectCache: 'HIT' }, { compare: 'post' }],
      ...(servers.appBefore
        ? [
            [
              servers.appBefore,
              'GET /api/posts/:id',
              { ...hot, expectCache: 'HIT' },
              { compare: 'post' },
            ],
          ]
        : []),
      [servers.baseline, 'GET /api/posts/:id', { ...hot, expectCache: 'HIT' }, { compare: 'post' }],
      [servers.appOff, 'GET /api/posts/:id', { ...hot, expectCache: 'MISS' }, { compare: 'post' }],
    ]),
    reads: at([
      // The cached post again, read by the feed's readers with their tokens (the token
      // check and their `liked`): beside the warm feed, what authentication itself costs.
      [servers.app, AUTHENTICATED_POST, { ...hot, tokens: asReaders, expectCache: 'HIT' }],
      [
        servers.app,
        'GET /api/feed',
        { method: 'GET', paths: ['/api/feed'], tokens: asReaders, expectCache: 'HIT' },
        { warm: true },
      ],
      [servers.app, 'GET /api/posts', { method: 'GET', paths: ['/api/posts'], expectCache: 'HIT' }],
      [
        servers.app,
        'GET /api/users/:id',
        { method: 'GET', paths: readers.map((u) => `/api/users/${u.id}`), expectCache: 'HIT' },
      ],
    ]),
    writes: at([
      [servers.app, 'POST /api/posts', publish, { publish: true }],
      // The same without timelines (nor Redis): their cost per post, fan-out included.
      [servers.appOff, 'POST /api/posts', publish, { publish: true }],
      // And on the build before timelines, with its cache on Redis (--before).
      ...(servers.appBefore
        ? [[servers.appBefore, 'POST /api/posts', publish, { publish: true }]]
        : []),
      [
        servers.app,
        'PUT /api/posts/:id/like',
        {
          method: 'PUT',
          paths: likeTargets.map((id) => `/api/posts/${id}/like`),
          tokens: asReaders,
        },
      ],
      [
        servers.app,
        'POST /api/auth/login',
        { method: 'POST', paths: ['/api/auth/login'], bodies: readers.map(login) },
        { argon2: true },
      ],
    ]),
  };
}

async function environment() {
  const redis = new Redis(args.redis, { lazyConnect: true });
  await redis.connect();
  const info = await redis.info('server');
  redis.disconnect();
  return {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    mysql: await ensureDatabase(args.mysql, datasets[0].database),
    redis: /redis_version:(\S+)/.exec(info)?.[1],
  };
}

async function main() {
  const machine = await environment();
  for (const dataset of datasets.slice(1)) await ensureDatabase(args.mysql, dataset.database);
  log(
    `${machine.cpus} cores, Node ${machine.node}, MySQL ${machine.mysql}, Redis ${machine.redis}`,
  );
  // The larger first: seeding the smaller one last leaves less to flush before measuring.
  for (const dataset of [...datasets].reverse()) await prepare(dataset);
  log(`settled: ${await settle(args.mysql)} dirty InnoDB pages`);
  const servers = await startServers();
  let fanout;
  let hop;
  try {
    for (const dataset of datasets) {
      const { samples, servers: own } = dataset;
      // argon2id makes a login cost 20-60 ms of CPU: only those who will be needed.
      dataset.tokens = await logIn((own.appOff ?? own.app).url, [
        ...(running('post', 'reads', 'growth', 'writes')
          ? samples.readers
          : mixedReaders(samples, options.mixedReaders)),
        ...(running('growth') ? [...samples.fans, samples.heavy] : []),
        ...(running('mixed') ? samples.writers : []),
      ]);
      log(`${dataset.label}: ${dataset.tokens.size} users logged in`);
      // The seed dropped every timeline: each is rebuilt on its owner's first read, by
      // the worker. Measured feed reads must be of built timelines, so build them now.
      const reading = own.appTimelines ?? own.app;
      if (reading) {
        const ids = new Map(
          [...samples.readers, ...samples.fans, ...samples.writers, samples.heavy].map((u) => [
            u.username,
            u.id,
          ]),
        );
        const users = [...dataset.tokens].map(([username, token]) => ({
          id: ids.get(username),
          token,
        }));
        dataset.timelinesBuilt = await buildTimelines(reading.url, dataset.redis, users);
        log(
          `${dataset.label}: ${users.length} timelines built in ${dataset.timelinesBuilt.seconds.toFixed(0)} s`,
        );
        // The same readers' feeds once from the earlier build: a process that has served
        // authenticated reads answers slower than a fresh one (its young-generation
        // collections take longer), so both builds come to the compared runs alike.
        if (own.appBefore) {
          await inParallel(users, 16, (u) =>
            api(own.appBefore.url, 'GET', '/api/feed', { token: u.token }),
          );
        }
      }
      if (own.baseline) {
        await checkSameAnswers(own.appOff, own.baseline, {
          hotPost: samples.hotPost,
          token: dataset.tokens.get(samples.readers.at(-1).username),
        });
      }
    }
    const { compared, reads, writes } = routeSteps(datasets[0]);
    if (running('post')) await measureRounds(compared);
    if (running('reads')) await measureRounds(reads, 1);
    if (running('growth')) await measureRounds(growthSteps());
    if (running('mixed'))
      await measureRounds(
        mixedSteps(datasets[0], { readers: options.mixedReaders, scenarios: mixedScenarios }),
      );
    if (running('writes')) await measureRounds(writes, 1);
    if (running('hop'))
      hop = await measureHop(datasets[0], { measure, rounds: options.rounds }, log);
    if (running('fanout')) {
      fanout = await measureFanout(
        datasets[0],
        datasets[0].servers.app,
        args.redis,
        {
          followers: options.fanoutFollowers,
          posts: options.fanoutPosts,
          fanoutMaxFollowers: options.fanoutMaxFollowers,
          timeoutMs: 60_000,
          buildTimeoutMs: 600_000,
          redisPid: services.redis,
          worker: datasets[0].servers.worker,
        },
        log,
      );
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }

  const results = {
    date: new Date(started).toISOString(),
    command: [
      'npm run bench',
      ...(process.argv.length > 2
        ? ['--', ...process.argv.slice(2).map((arg) => (arg === args.before ? shownBefore : arg))]
        : []),
    ].join(' '),
    seconds: Math.round((Date.now() - started) / 1000),
    machine,
    options,
    datasets: datasets.map(({ label, database, seedSeconds, skewed, samples, timelinesBuilt }) => ({
      label,
      database,
      timelinesBuilt,
      ...samples.counts,
      seedSeconds,
      celebrityFollowers: skewed.fans,
      heavyFollows: skewed.follows,
      readersMeanFollowing: mean(samples.readers.map((u) => u.following)),
      fansMeanFollowing: mean(samples.fans.map((u) => u.following)),
      writers: samples.writers.length,
    })),
    mixed: mixedScenarios,
    runs,
    ...(fanout ? { fanout } : {}),
    ...(hop ? { hop } : {}),
  };
  results.summary = summarize(runs);
  results.targets = verdicts(results);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${runId}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(renderReport(results));
  if (hop) {
    console.log(
      `\nHop: ${hop.route} through nginx ${(hop.ratio * 100).toFixed(1)}% of direct under wrk (target >= ${hop.target * 100}%): ${hop.met ? 'met' : 'missed'}` +
        `; under autocannon ${(hop.autocannon.ratio * 100).toFixed(1)}%`,
    );
  }
  console.log(`\nWritten to ${file}; ${results.seconds} s in all.`);
  const failed = runs.filter(
    (r) => r.non2xx || r.errors || r.timeouts || r.writes?.non2xx || r.writes?.errors,
  );
  if (failed.length) {
    console.error(`${failed.length} runs had errors: their figures are not valid.`);
    for (const r of failed.filter((run) => run.writes?.failures.length)) {
      console.error(`${r.route}: writes failed, e.g. ${r.writes.failures.join('; ')}`);
    }
    process.exitCode = 1;
  }
  for (const r of runs.filter((run) => run.serverWarnings)) {
    const logged = Object.entries(r.serverWarnings).map(([message, n]) => `${n} x "${message}"`);
    console.error(
      `${r.dataset} ${r.server} ${r.route}, round ${r.round ?? 0}: logged ${logged.join('; ')}`,
    );
  }
  for (const r of runs.filter((run) => run.cacheMismatches)) {
    // The cache is skipped for a moment after a Redis call takes over 50 ms (a starved CPU).
    console.error(
      `${r.dataset} ${r.server} ${r.route}: ${r.cacheMismatches} of ${r.requests} answers were not X-Cache ${r.expectCache ?? ''}`,
    );
  }
}

function mean(values) {
  return values.length
    ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10
    : 0;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
