// The mixed workloads' part of the report: the feed read while other users
// write, next to the same reads with nobody writing (bench/lib/mixed.mjs).
import { cpu, int, median, ms, pairedRatio, percent, sum, table } from './tables.mjs';

/** A mixed run's summary over its rounds: the median hit rate and the writers' figures. */
export function mixedSummary(group) {
  const { mixed, writing } = group[0];
  if (!mixed) return {};
  const of = (field) => group.map((run) => run[field]);
  const writes = group.map((run) => run.writes).filter(Boolean);
  const measured = (field) => median(writes.map((w) => w.measured[field]));
  return {
    mixed,
    writing,
    hitRate: median(of('hitRate')),
    xCache: Object.fromEntries(
      ['HIT', 'MISS', 'none'].map((k) => [k, sum(group.map((run) => run.xCache?.[k]))]),
    ),
    ...(writes.length
      ? {
          writes: {
            rate: measured('rate'),
            // Of all the requests answered in the measured window, reads and writes.
            share: median(
              group.map(
                (run) =>
                  run.writes.measured.answered / (run.writes.measured.answered + run.requests),
              ),
            ),
            p50: measured('p50'),
            p99: measured('p99'),
            sent: sum(writes.map((w) => w.sent)),
            ok: sum(writes.map((w) => w.ok)),
            non2xx: sum(writes.map((w) => w.non2xx)),
            errors: sum(writes.map((w) => w.errors)),
            byKind: writes.reduce((all, w) => {
              for (const [kind, n] of Object.entries(w.byKind)) all[kind] = (all[kind] ?? 0) + n;
              return all;
            }, {}),
          },
        }
      : {}),
  };
}

const ran = (results, scenario) => results.runs.some((run) => run.mixed === scenario.name);
const asked = ({ rate }) =>
  rate.perSecond ? `${rate.perSecond}/s` : `${Math.round(rate.share * 100)}% of requests`;

/** Each mixed workload's targets: the feed's hit rate under writes, its throughput against no writes. */
export function mixedVerdicts(results) {
  return (results.mixed ?? [])
    .filter((scenario) => ran(results, scenario))
    .flatMap((scenario) => {
      const side = (writing) => ({ mixed: scenario.name, writing });
      const { hitRate, throughput } = scenario.targets;
      const writingRuns = results.runs.filter((run) => run.mixed === scenario.name && run.writing);
      return [
        hitRate !== undefined && {
          target: `GET /api/feed while others write (${scenario.writes}): cache hit rate`,
          goal: `≥ ${percent(hitRate)}`,
          value: median(writingRuns.map((run) => run.hitRate)),
          met: (v) => v >= hitRate,
          unit: '%',
        },
        throughput !== undefined && {
          target: `GET /api/feed while others write (${scenario.writes}), share of its req/s without writes`,
          goal: `≥ ${percent(throughput)}`,
          value: pairedRatio(results, side(true), side(false)),
          met: (v) => v >= throughput,
          unit: '%',
        },
      ].filter(Boolean);
    });
}

/** The mixed workloads' section of the report, if any ran. */
export function renderMixed(results) {
  const out = [];
  for (const scenario of results.mixed ?? []) {
    if (!ran(results, scenario)) continue;
    const rows = results.summary.filter((run) => run.mixed === scenario.name);
    const without = rows.find((run) => !run.writing);
    const ratio = pairedRatio(
      results,
      { mixed: scenario.name, writing: true },
      { mixed: scenario.name, writing: false },
    );
    const o = results.options;
    out.push(
      '',
      `### Mixed: GET /api/feed while other users write (${scenario.writes})`,
      '',
      `The feed's first page for ${o.mixedReaders} readers in turn, ${o.connections} connections at ` +
        `full speed, on the app with its cache on Redis; ${results.datasets[0].writers} other users ` +
        `write from a process of their own, paced at ${asked(scenario)} ` +
        `(${Object.entries(scenario.mix)
          .map(([kind, weight]) => `${kind} ${weight}`)
          .join(', ')}), ` +
        `from before the warm-up to the end of the run. The same reads without writes, in turn, ` +
        `${without?.rounds ?? 0} rounds; medians. Server warnings (summed over the rounds) are ` +
        `mostly the cache marked down after a Redis call passed its bound, on a starved CPU: ` +
        `its hits are then misses.`,
      '',
      table(
        [
          '<feed read',
          'req/s',
          'of no writes',
          'p50 ms',
          'p99 ms',
          'X-Cache HIT',
          'errors',
          'server warnings',
          'writes/s',
          'write p50 / p99 ms',
          'writes 2xx',
          'CPU ms/read: server / MySQL / Redis',
        ],
        rows.map((run) => {
          const w = run.writes;
          const { server, mysql, redis } = run.cpuMsPerRequest;
          return [
            run.writing ? `with ${scenario.writes}` : 'without writes',
            int(run.rps),
            run.writing ? percent(ratio) : '',
            ms(run.p50),
            ms(run.p99),
            `${(run.hitRate * 100).toFixed(1)}%`,
            String(run.non2xx + run.errors + run.timeouts),
            String(run.serverWarnings),
            w ? `${w.rate.toFixed(1)} (${(w.share * 100).toFixed(1)}% of requests)` : '',
            w ? `${ms(w.p50)} / ${ms(w.p99)}` : '',
            w ? `${int(w.ok)} of ${int(w.sent)}` : '',
            `${cpu(server)} / ${cpu(mysql)} / ${cpu(redis)}`,
          ];
        }),
      ),
      ...ceiling(scenario, without),
      ...behind(
        scenario,
        rows.find((run) => run.writing),
      ),
    );
  }
  return out;
}

/** The hit rate without writes bounds the one with them: say so when it is below a target. */
function ceiling(scenario, without) {
  const target = scenario.targets.hitRate;
  return target !== undefined && without && without.hitRate < target
    ? [
        '',
        `Without writes the hit rate was ${(without.hitRate * 100).toFixed(1)}%, under the ` +
          `${percent(target)} target already: see the server warnings, and rerun on a quieter machine.`,
      ]
    : [];
}

/** A paced writer that fell behind measured a lighter load than asked: say so. */
function behind(scenario, writing) {
  const asked = scenario.rate.perSecond;
  return asked && writing?.writes && writing.writes.rate < 0.95 * asked
    ? [
        '',
        `The writers fell behind: ${writing.writes.rate.toFixed(1)} writes a second of the ` +
          `${asked} asked: the server, or the machine, did not keep up.`,
      ]
    : [];
}
