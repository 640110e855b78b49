// The benchmark's verdicts on the targets, and its Markdown tables.
import { mixedSummary, mixedVerdicts, renderMixed } from './report-mixed.mjs';
import { renderTimelines, timelineVerdicts } from './report-timelines.mjs';
import { cpu, find, int, median, ms, pairedRatio, sum, table } from './tables.mjs';

/**
 * One row per server and route: the median of its rounds for throughput,
 * latency and CPU; the sum for errors; the highest for memory and for other
 * processes' CPU.
 */
export function summarize(runs) {
  const groups = new Map();
  for (const run of runs) {
    // The mixed workloads' reads without writes share a route name: one row each.
    const key = `${run.dataset}|${run.server}|${run.route}|${run.mixed ?? ''}`;
    groups.set(key, [...(groups.get(key) ?? []), run]);
  }
  return [...groups.values()].map((group) => {
    const { dataset, server, route, expectCache, compare, growth, warm, argon2, publish, pageCold } =
      group[0];
    const of = (field) => group.map((run) => run[field]);
    const cpu = (name) => median(group.map((run) => run.cpuMsPerRequest?.[name]));
    return {
      dataset,
      server,
      route,
      expectCache,
      compare,
      growth,
      warm,
      argon2,
      publish,
      pageCold,
      rounds: group.length,
      rps: median(of('rps')),
      rpsRange: [Math.min(...of('rps')), Math.max(...of('rps'))],
      p50: median(of('p50')),
      p99: median(of('p99')),
      requests: sum(of('requests')),
      non2xx: sum(of('non2xx')),
      errors: sum(of('errors')),
      timeouts: sum(of('timeouts')),
      cacheMismatches: sum(of('cacheMismatches')),
      serverWarnings: sum(group.map((run) => sum(Object.values(run.serverWarnings ?? {})))),
      cpuMsPerRequest: {
        server: cpu('server'),
        mysql: cpu('mysql'),
        redis: cpu('redis'),
        ...(group[0].cpuMsPerRequest?.worker !== undefined ? { worker: cpu('worker') } : {}),
      },
      peakRssMb: Math.max(...of('peakRssMb')),
      ...(group[0].workerPeakRssMb !== undefined
        ? { workerPeakRssMb: Math.max(...of('workerPeakRssMb')) }
        : {}),
      otherCores: Math.max(...of('otherCores')),
      ...mixedSummary(group),
    };
  });
}

const label = (run) =>
  run.warm
    ? `${run.route} (cache warm)`
    : run.growth === 'readers'
      ? `${run.route} (cache cold)`
      : run.route;

/**
 * Each server process's peak RSS during its runs (the peak is reset before
 * each run), over every route but login, and during login (argon2id holds
 * 19 MiB per hash in flight).
 */
export function memory(results) {
  const processes = new Map();
  for (const run of results.runs) {
    const key = `${run.dataset}|${run.server}`;
    const entry = processes.get(key) ?? {
      dataset: run.dataset,
      server: run.server,
      peak: { rss: 0, route: '' },
      login: undefined,
    };
    if (run.argon2) entry.login = Math.max(entry.login ?? 0, run.peakRssMb);
    else if (run.peakRssMb > entry.peak.rss) entry.peak = { rss: run.peakRssMb, route: label(run) };
    processes.set(key, entry);
  }
  const order = ['app', 'app, cache off', 'app, timelines', 'baseline'];
  return [...processes.values()].sort(
    (a, b) =>
      results.datasets.findIndex((d) => d.label === a.dataset) -
        results.datasets.findIndex((d) => d.label === b.dataset) ||
      order.indexOf(a.server) - order.indexOf(b.server),
  );
}

/**
 * Each target with its measured value and whether it is met: those of the
 * scenarios run (`needs`; the memory target needs every route but the mixed ones).
 */
export function verdicts(results) {
  const ran = (names) => names.every((name) => results.options.only?.includes(name) ?? true);
  const [base, scaled] = results.datasets.map((d) => d.label);
  const post = (server) => ({ dataset: base, server, compare: 'post' });
  const feed = (dataset, server) => ({ dataset, server, growth: 'readers' });
  const appPeak = Math.max(
    ...memory(results)
      .filter((m) => m.server !== 'baseline')
      .map((m) => m.peak.rss),
  );
  return [
    {
      target: 'Cached GET /api/posts/:id, share of the baseline’s req/s',
      goal: '≥ 80%',
      value: pairedRatio(results, post('app'), post('baseline')),
      met: (v) => v >= 0.8,
      unit: '%',
      needs: ['post'],
    },
    {
      target: 'GET /api/feed from MySQL (cache cold), share of the baseline’s req/s',
      goal: '≥ 70%',
      value: pairedRatio(results, feed(base, 'app, cache off'), feed(base, 'baseline')),
      met: (v) => v >= 0.7,
      unit: '%',
      needs: ['growth'],
    },
    {
      target: `Feed p99 at ${scaled} the data, over p99 at ${base}`,
      goal: '≤ 1.5x',
      value: pairedRatio(
        results,
        feed(scaled, 'app, cache off'),
        feed(base, 'app, cache off'),
        'p99',
      ),
      met: (v) => v <= 1.5,
      unit: 'x',
      needs: ['growth'],
    },
    {
      target: 'GET /api/posts/:id, cache on over cache off (req/s)',
      goal: '≥ 3x',
      value: pairedRatio(results, post('app'), post('app, cache off')),
      met: (v) => v >= 3,
      unit: 'x',
      needs: ['post'],
    },
    // Only with --before: this build against an earlier one, in the same rounds.
    ...(results.options.before
      ? [
          {
            target: `Cached GET /api/posts/:id, share of the req/s of ${results.options.before.commit} (--before)`,
            goal: '≥ 95%',
            value: pairedRatio(results, post('app'), post('app, before')),
            met: (v) => v >= 0.95,
            unit: '%',
            needs: ['post'],
          },
          {
            target: `GET /api/feed from MySQL (cache cold), share of the req/s of ${results.options.before.commit} (--before)`,
            goal: '≥ 95%',
            value: pairedRatio(
              results,
              feed(base, 'app, cache off'),
              feed(base, 'app, before, cache off'),
            ),
            met: (v) => v >= 0.95,
            unit: '%',
            needs: ['growth'],
          },
        ]
      : []),
    {
      target: 'Peak RSS of one API process under load (every route but login)',
      goal: '< 200 MB',
      value: appPeak,
      met: (v) => v < 200,
      unit: 'MB',
      needs: ['post', 'reads', 'growth', 'writes'],
    },
    ...mixedVerdicts(results).map((t) => ({ ...t, needs: ['mixed'] })),
    ...timelineVerdicts(results),
  ]
    .filter((t) => ran(t.needs))
    .map(({ met, needs: _, ...t }) => ({ ...t, met: t.value !== undefined && met(t.value) }));
}

const show = ({ value, unit }) =>
  value === undefined
    ? '–'
    : unit === '%'
      ? `${Math.round(value * 100)}%`
      : unit === 'x'
        ? `${value.toFixed(2)}x`
        : `${int(value)} ${unit}`;
const errors = (run) => {
  const count = run.non2xx + run.errors + run.timeouts;
  return run.cacheMismatches
    ? `${count} (X-Cache ≠ expected: ${run.cacheMismatches})`
    : String(count);
};

const routeRow = (results, run) => {
  const share =
    run.compare && run.server !== 'baseline'
      ? pairedRatio(
          results,
          { dataset: run.dataset, server: run.server, compare: run.compare },
          { dataset: run.dataset, server: 'baseline', compare: run.compare },
        )
      : undefined;
  const { server, mysql, redis } = run.cpuMsPerRequest ?? {};
  return [
    label(run),
    run.server,
    int(run.rps),
    ms(run.p50),
    ms(run.p99),
    errors(run),
    share === undefined ? '' : `${Math.round(share * 100)}%`,
    `${cpu(server)} / ${cpu(mysql)} / ${cpu(redis)}`,
  ];
};
// The compared routes first, then the feed's other cases, then the rest in the order run.
const rowOrder = (run) =>
  run.compare === 'post' ? 0 : run.compare === 'feed' ? 1 : run.warm ? 2 : run.growth ? 3 : 4;
const ROUTE_HEAD = [
  '<route',
  '<server',
  'req/s',
  'p50 ms',
  'p99 ms',
  'errors',
  'of baseline',
  'CPU ms/req: server / MySQL / Redis',
];

// Other processes' CPU above this, in cores, during a run: the run was disturbed.
const DISTURBED_CORES = 0.25;

function disturbance(results) {
  const worst = Math.max(...results.runs.map((r) => r.otherCores ?? 0));
  const disturbed = results.runs.filter((r) => r.otherCores > DISTURBED_CORES);
  return disturbed.length
    ? `**Disturbed:** other processes used up to ${worst.toFixed(2)} cores during ${disturbed.length} ` +
        `runs (${disturbed.map((r) => `${r.dataset} ${r.server} ${label(r)}`).join('; ')}): rerun for figures to keep.`
    : `Other processes used at most ${Math.max(0, worst).toFixed(2)} cores during any measured run.`;
}

/** The growth section: the feed from MySQL at both sizes. */
function renderGrowth(results) {
  const [base, scaled] = results.datasets;
  const o = results.options;
  const who = {
    readers: `${o.readers} readers spread over follow counts (mean ${base.readersMeanFollowing} / ${scaled.readersMeanFollowing})`,
    fans: `${o.fans} followers of the celebrity (followed by ${int(base.celebrityFollowers)} / ${int(scaled.celebrityFollowers)})`,
    heavy: `one reader following ${int(base.heavyFollows)} / ${int(scaled.heavyFollows)} accounts`,
  };
  const growthRows = [];
  for (const server of ['app, cache off', 'app, timelines', 'baseline']) {
    for (const kind of Object.keys(who)) {
      const [a, b] = [base, scaled].map((d) =>
        find(results, { dataset: d.label, server, growth: kind }),
      );
      if (!a || !b) continue;
      growthRows.push([
        who[kind],
        server,
        `${ms(a.p50)} / ${ms(b.p50)}`,
        `${ms(a.p99)} / ${ms(b.p99)}`,
        `${pairedRatio(results, { dataset: scaled.label, server, growth: kind }, { dataset: base.label, server, growth: kind }, 'p99').toFixed(2)}x`,
        `${int(a.rps)} / ${int(b.rps)}`,
        `${errors(a)} / ${errors(b)}`,
      ]);
    }
  }
  return [
    '',
    `### Growth: GET /api/feed at ${base.label} and ${scaled.label}`,
    '',
    'From MySQL (the app with the cache off and no Redis, and the baseline), and from the ' +
      'built timelines (the app with Redis but the response cache off).',
    '',
    table(
      [
        '<feed of',
        '<server',
        `p50 ms ${base.label} / ${scaled.label}`,
        `p99 ms ${base.label} / ${scaled.label}`,
        'p99 ratio',
        'req/s',
        'errors',
      ],
      growthRows,
    ),
  ];
}

export function renderReport(results) {
  const [base, scaled] = results.datasets;
  const o = results.options;
  const size = (d) =>
    `${int(d.users)} users, ${int(d.follows)} follows, ${int(d.posts)} posts, ${int(d.likes)} likes`;
  const m = results.machine;
  const out = [
    `## Benchmark, ${results.date.slice(0, 10)}`,
    '',
    `\`${results.command}\`: ${m.cpus} cores (${m.cpuModel}), Node ${m.node}, MySQL ${m.mysql}, ` +
      `Redis ${m.redis}, all on one machine with the load generator. ${o.connections} connections, ` +
      `${o.duration} s measured after ${o.warmup} s of warm-up per run; the compared routes, the ` +
      `growth runs and the mixed workloads in ${o.rounds} rounds taken in turn, of which the median ` +
      `is shown; ${results.seconds} s in all.` +
      (o.only?.length < 6 ? ` Scenarios run: ${o.only.join(', ')}.` : ''),
    '',
    disturbance(results),
    '',
    `- ${base.label}: ${size(base)}`,
    ...(scaled ? [`- ${scaled.label}: ${size(scaled)}`] : []),
  ];
  const routes = results.summary.filter((r) => r.dataset === base.label && !r.argon2 && !r.mixed);
  if (routes.length) {
    out.push(
      '',
      `### Routes (${base.label})`,
      '',
      table(
        ROUTE_HEAD,
        routes.sort((a, b) => rowOrder(a) - rowOrder(b)).map((r) => routeRow(results, r)),
      ),
    );
  }
  const login = results.summary.filter((r) => r.argon2);
  if (login.length) {
    out.push(
      '',
      'Login is bound by argon2id on purpose (19 MiB and two passes per verify), so apart:',
      '',
      table(
        ROUTE_HEAD,
        login.map((r) => routeRow(results, r)),
      ),
    );
  }
  if (scaled) out.push(...renderGrowth(results));
  out.push(
    ...renderMixed(results),
    ...renderTimelines(results),
    '',
    '### Memory',
    '',
    table(
      [
        '<process',
        '<dataset',
        'peak RSS, every route but login',
        '<during',
        'peak RSS during login',
      ],
      memory(results).map((m) => [
        m.server,
        m.dataset,
        `${int(m.peak.rss)} MB`,
        m.peak.route,
        m.login === undefined ? '' : `${int(m.login)} MB`,
      ]),
    ),
    '',
    '### Targets',
    '',
    table(
      ['<target', 'goal', 'measured', '<verdict'],
      results.targets.map((t) => [t.target, t.goal, show(t), t.met ? 'met' : '**missed**']),
    ),
  );
  return out.join('\n');
}
