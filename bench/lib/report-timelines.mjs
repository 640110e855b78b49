// The home timelines' part of the report (docs/TIMELINES.md): the targets of
// issue 13, and the fan-out scenario's section.
import { find, int, ms, pairedRatio, table } from './tables.mjs';

const TIMELINES = 'app, timelines';
/** The cached post read with the feed readers' tokens (the `reads` scenario). */
export const AUTHENTICATED_POST = 'GET /api/posts/:id, with a token';
/** The heavy reader's runs with a fresh cursor a request: the page's cache entry cold. */
const heavyCold = (dataset, server) => ({ dataset, server, growth: 'heavy', pageCold: true });

/** Issue 13's targets, each with the scenarios it needs. */
export function timelineVerdicts(results) {
  const [base, scaled] = results.datasets.map((d) => d.label);
  const feed = (dataset, server, growth) => ({ dataset, server, growth });
  const warm = find(results, { dataset: base, server: 'app', warm: true });
  const post = find(results, { dataset: base, server: 'app', compare: 'post' });
  const publish = (server) => find(results, { dataset: base, server, publish: true });
  const fanout = results.fanout?.overFollowersAndPosts;
  const appRss = [
    ...results.runs
      .filter((r) => (r.server === 'app' || r.server === TIMELINES) && !r.argon2)
      .map((r) => r.peakRssMb),
    ...(results.fanout?.posts.map((p) => p.peakRssMb) ?? []),
  ];
  // The app's timeline worker runs in a process of its own (SERVICES=worker).
  const workerRss = [
    ...results.runs.map((r) => r.workerPeakRssMb),
    ...(results.fanout?.posts.map((p) => p.workerPeakRssMb) ?? []),
  ].filter(Number.isFinite);
  const posting = publish('app');
  const postingOff = publish('app, cache off');
  const postingBefore = publish('app, before');
  const workerCpu = posting?.cpuMsPerRequest.worker;
  /** `POST /api/posts`: the API process's CPU a post over `other`'s; `withWorker` names the worker's. */
  const postTarget = (over, other, withWorker) => ({
    target:
      `POST /api/posts server CPU per request, the API process ${over}` +
      (withWorker && Number.isFinite(workerCpu)
        ? `; the worker apart: ${workerCpu.toFixed(2)} ms a post, fan-out included`
        : ''),
    goal: '≤ 1.00x',
    value:
      posting && other ? posting.cpuMsPerRequest.server / other.cpuMsPerRequest.server : undefined,
    met: (v) => v <= 1,
    unit: 'x',
    needs: ['writes'],
  });
  return [
    {
      target: 'Reader following 1,000: feed p99 from timelines, over the average reader’s',
      goal: '≤ 1.5x',
      value: pairedRatio(
        results,
        feed(base, TIMELINES, 'heavy'),
        feed(base, TIMELINES, 'readers'),
        'p99',
      ),
      met: (v) => v <= 1.5,
      unit: 'x',
      needs: ['growth'],
    },
    {
      target: 'Reader following 1,000: feed req/s from timelines, over the database query’s',
      goal: '≥ 20x',
      value: pairedRatio(
        results,
        feed(base, TIMELINES, 'heavy'),
        feed(base, 'app, cache off', 'heavy'),
      ),
      met: (v) => v >= 20,
      unit: 'x',
      needs: ['growth'],
    },
    // As deployed, the page's own entry cold: over the database query of the same run,
    // and over the build before timelines as deployed (--before), its page cold too.
    ...[
      ['the database query’s (no Redis)', feed(base, 'app, cache off', 'heavy')],
      ['the build before timelines, cache on (--before)', heavyCold(base, 'app, before')],
    ]
      .filter(([, over]) => find(results, over))
      .map(([name, over]) => ({
        target: `Reader following 1,000: feed req/s as deployed, the page’s cache entry cold, over ${name}`,
        goal: '≥ 20x',
        value: pairedRatio(results, heavyCold(base, 'app'), over),
        met: (v) => v >= 20,
        unit: 'x',
        needs: ['growth'],
      })),
    {
      target: 'Authenticated feed page (cache warm), share of the cached GET /api/posts/:id req/s',
      goal: '≥ 50%',
      value: warm && post ? warm.rps / post.rps : undefined,
      met: (v) => v >= 0.5,
      unit: '%',
      needs: ['post', 'reads'],
    },
    {
      target: `Fan-out to ${int(results.fanout?.followers ?? 10000)} followers: in every timeline after (p99 over followers and posts)`,
      goal: '≤ 5,000 ms',
      value: fanout && !fanout.missing ? fanout.p99 : undefined,
      met: (v) => v <= 5000,
      unit: 'ms',
      needs: ['fanout'],
    },
    // "No higher than today": today is the build before timelines, as deployed, with
    // its cache on Redis (--before). Without --before, or beside it, the stricter
    // comparison with this build on no Redis at all (no cache to keep either).
    ...(postingBefore
      ? [postTarget('over the build before timelines (--before, cache on)', postingBefore, true)]
      : []),
    postTarget(
      'with timelines over this build without Redis (cache off)',
      postingOff,
      !postingBefore,
    ),
    {
      target: `Feed p99 from timelines at ${scaled} the data, over p99 at ${base}`,
      goal: '≤ 1.3x',
      value: pairedRatio(
        results,
        feed(scaled, TIMELINES, 'readers'),
        feed(base, TIMELINES, 'readers'),
        'p99',
      ),
      met: (v) => v <= 1.3,
      unit: 'x',
      needs: ['growth'],
    },
    {
      target: 'Peak RSS of the API process (every route but login, and the fan-out)',
      goal: '< 200 MB',
      value: appRss.length ? Math.max(...appRss) : undefined,
      met: (v) => v < 200,
      unit: 'MB',
      needs: ['fanout'],
    },
    {
      target: 'Peak RSS of the timeline worker process (the same runs)',
      goal: '< 200 MB',
      value: workerRss.length ? Math.max(...workerRss) : undefined,
      met: (v) => v < 200,
      unit: 'MB',
      needs: ['fanout'],
    },
  ];
}

/** The heavy reader and the readers from timelines next to the database query, at 1x. */
function renderHeavy(results) {
  const base = results.datasets[0].label;
  const rows = [];
  const feedOf = [
    ['app, cache off', 'database query (no Redis)'],
    [TIMELINES, 'timelines (response cache off)'],
    ['app', 'timelines + response cache (warm)'],
    ['app', 'timelines + response cache, the page cold, its posts warm', true],
    ['app, before', 'database query, cache on, the page cold (--before)', true],
  ];
  for (const [server, feed, pageCold] of feedOf) {
    for (const growth of ['readers', 'heavy']) {
      const run = find(results, { dataset: base, server, growth, pageCold });
      if (!run) continue;
      rows.push([
        growth === 'heavy' ? 'the reader following 1,000' : 'the 200 readers',
        feed,
        int(run.rps),
        ms(run.p50),
        ms(run.p99),
        `${run.cpuMsPerRequest.server.toFixed(2)} / ${run.cpuMsPerRequest.mysql.toFixed(2)} / ${run.cpuMsPerRequest.redis.toFixed(2)}`,
      ]);
    }
  }
  if (!rows.length) return [];
  return [
    '',
    `### Feed from timelines and from the database query (${base})`,
    '',
    'Every measured reader’s timeline was built (by the worker, after a first read) before ' +
      'anything was measured. Without the response cache every page is read (the timeline, ' +
      'then the posts and whom the reader follows from MySQL); with it warm, pages are hits.' +
      (find(results, heavyCold(base, 'app'))
        ? ' "The page cold": each request with a cursor of its own above every post id, the ' +
          'same first page under a new cache key, as after a followee’s post replaced it.'
        : ''),
    '',
    table(
      ['<reader', '<feed', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req: server / MySQL / Redis'],
      rows,
    ),
  ];
}

/** The fan-out scenario's section, if it ran. */
function renderFanout(results) {
  const f = results.fanout;
  if (!f) return [];
  const all = f.overFollowersAndPosts;
  return [
    '',
    `### Fan-out: a post by an author with ${int(f.followers)} followers`,
    '',
    `Every follower's timeline built first (${int(f.followers)} first reads, then the worker: ` +
      `${f.buildSeconds.toFixed(0)} s); FANOUT_MAX_FOLLOWERS=${int(f.fanoutMaxFollowers)}, so ` +
      `the post is fanned out by the worker (${f.worker ? `the process "${f.worker}", beside "${f.server}"` : `in the API process, ${f.server}`}). Each post is ` +
      `timed from its 201 until its id is in every follower's timeline ZSET (polled: one ` +
      `pipelined ZSCORE per follower still waiting, round after round).`,
    '',
    table(
      [
        '<post',
        'p50 ms',
        'p99 ms',
        'max ms',
        'missing',
        'poll round ms',
        'server CPU ms',
        'worker CPU ms',
        'Redis CPU ms',
        'peak RSS MB',
      ],
      [
        ...f.posts.map((p, i) => [
          `${i + 1} (#${p.postId})`,
          int(p.p50),
          int(p.p99),
          int(p.max),
          String(p.missing),
          int(p.pollRoundMs),
          int(p.serverCpuMs),
          p.workerCpuMs === undefined ? '–' : int(p.workerCpuMs),
          p.redisCpuMs === undefined ? '–' : int(p.redisCpuMs),
          int(p.peakRssMb),
        ]),
        [
          'all followers, all posts',
          int(all.p50),
          int(all.p99),
          int(all.max),
          String(all.missing),
          '',
          '',
          '',
          '',
          '',
        ],
      ],
    ),
  ];
}

/**
 * The warm feed beside the cached post read with a token, in the same round: the
 * issue's target compares it with the anonymous read, which skips the token
 * check and the caller's `liked`; this shows how much of the gap is theirs.
 */
function renderWarmFeed(results) {
  const base = results.datasets[0].label;
  const warm = find(results, { dataset: base, server: 'app', warm: true });
  const signed = find(results, { dataset: base, server: 'app', route: AUTHENTICATED_POST });
  const anonymous = find(results, { dataset: base, server: 'app', compare: 'post' });
  if (!warm || !signed) return [];
  const cpu = (run) => `${run.cpuMsPerRequest.server.toFixed(3)} ms`;
  const rows = [
    ...(anonymous ? [['GET /api/posts/:id, anonymous (the target’s)', anonymous]] : []),
    ['GET /api/posts/:id, with a token', signed],
    ['GET /api/feed, cache warm', warm],
  ].map(([name, run]) => [
    name,
    int(run.rps),
    cpu(run),
    run === warm ? '' : `${Math.round((warm.rps / run.rps) * 100)}%`,
  ]);
  return [
    '',
    `### The warm feed next to a cached post (${base})`,
    '',
    'Every read below is a cache hit. The post with a token is read by the feed’s readers, ' +
      'with the token check and their own `liked`, as the feed is; it runs in the same round ' +
      'as the feed, the anonymous post in the compared rounds.',
    '',
    table(['<read', 'req/s', 'API CPU a request', 'the warm feed’s req/s over it'], rows),
  ];
}

export const renderTimelines = (results) => [
  ...renderWarmFeed(results),
  ...renderHeavy(results),
  ...renderFanout(results),
];
