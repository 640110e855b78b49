// Helpers of the report: medians, paired ratios, number formats, Markdown tables.

export const find = (results, where) =>
  results.summary.find((run) => Object.entries(where).every(([key, value]) => run[key] === value));

export const median = (values) => {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
export const sum = (values) => values.reduce((a, b) => a + (b ?? 0), 0);

/**
 * The median, over the rounds, of `field` in the runs matching `a` over `field`
 * in the runs matching `b` of the same round: each ratio compares two runs made
 * one after the other.
 */
export function pairedRatio(results, a, b, field = 'rps') {
  const matching = (where) =>
    results.runs.filter((run) => Object.entries(where).every(([key, value]) => run[key] === value));
  const byRound = new Map(matching(b).map((run) => [run.round, run]));
  const ratios = matching(a)
    .filter((run) => byRound.get(run.round)?.[field] > 0)
    .map((run) => run[field] / byRound.get(run.round)[field]);
  return ratios.length ? median(ratios) : undefined;
}

export const int = (n) => Math.round(n).toLocaleString('en-US');
// autocannon's latencies are whole milliseconds: 0 means under one.
export const ms = (n) => (n === undefined ? '–' : n < 1 ? '<1' : int(n));
export const cpu = (n) => (n === null || n === undefined ? '–' : n.toFixed(2));
export const percent = (n) => (n === undefined ? '–' : `${Math.round(n * 100)}%`);

/** A Markdown table; columns whose heading starts with `<` are left-aligned (the `<` is dropped). */
export function table(head, rows) {
  const left = head.map((h) => h.startsWith('<'));
  const names = head.map((h) => h.replace(/^</, ''));
  const align = left.map((l) => (l ? '---' : '---:'));
  return [names, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
