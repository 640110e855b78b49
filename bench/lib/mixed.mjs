// Mixed workloads: the feed read at full speed by some users while others
// write, against the same reads with nobody writing, in the same run. What
// users do is read while others write; reads alone flatter a cache.
import { writerState } from './dataset.mjs';

/**
 * The mixed workloads, each with its writes and its targets. A writer's `mix`
 * weighs `like`, `post` and `follow` (each toggles: an unlike of a liked post,
 * an unfollow of a followee); its `rate` is `{ perSecond }` or `{ share }` of all
 * requests (reads and writes), following the reads as they go.
 */
export const MIXED = [
  {
    name: 'likes',
    writes: 'likes at 20/s',
    mix: { like: 1 },
    rate: { perSecond: 20 },
    targets: { hitRate: 0.85, throughput: 0.8 },
  },
  // Issue 13: the feed read from timelines while others post (fanned out by the worker),
  // like and follow (merged and unmerged by it), at 5% of all requests.
  {
    name: 'writes',
    writes: 'posts, likes and follows at 5% of the requests',
    mix: { post: 1, like: 1, follow: 1 },
    rate: { share: 0.05 },
    targets: { throughput: 0.9 },
  },
];

/**
 * With `--mixed-by-kind`: the 5% workload's writes one kind at a time, at the
 * same share, to see which of them costs the reads what. No targets: the
 * issue's is on the mix.
 */
export const MIXED_BY_KIND = ['post', 'like', 'follow'].map((kind) => ({
  name: `${kind}s-alone`,
  writes: `${kind}s alone at 5% of the requests`,
  mix: { [kind]: 1 },
  rate: { share: 0.05 },
  targets: {},
}));

/** `n` of the sampled readers, evenly spaced (they are sorted by follow count: the same spread). */
export const mixedReaders = ({ readers }, n) =>
  readers.length <= n
    ? readers
    : Array.from({ length: n }, (_, i) => readers[Math.floor((i * readers.length) / n)]);

/** The route names of a workload's two sides. */
export const mixedRoute = (scenario, readers, writing) =>
  `GET /api/feed, ${readers} readers${writing ? ` + ${scenario.writes}` : ''}`;

/**
 * Steps for measureRounds: for each workload, the feed's first page by
 * `readers` of the sampled readers on the app with its cache on, without and
 * then with the writers, so that each round compares two runs made one after
 * the other.
 */
export function mixedSteps(dataset, { readers, scenarios = MIXED }) {
  const { samples, servers, tokens } = dataset;
  const reading = mixedReaders(samples, readers);
  const feed = {
    method: 'GET',
    paths: ['/api/feed'],
    tokens: reading.map((u) => tokens.get(u.username)),
    countCache: true,
  };
  return scenarios.flatMap((scenario) =>
    [false, true].map((writing) => [
      dataset,
      servers.app,
      mixedRoute(scenario, reading.length, writing),
      writing ? { ...feed, writer: scenario } : feed,
      { mixed: scenario.name, writing },
    ]),
  );
}

/** bench/writer.mjs's config for one run: the writers, their state now, the workload's mix and rate. */
export async function writerConfig(dataset, server, scenario, seed) {
  const { samples, tokens } = dataset;
  const writers = samples.writers.map((u) => ({ id: u.id, token: tokens.get(u.username) }));
  return {
    url: server.url,
    writers,
    mix: scenario.mix,
    rate: scenario.rate,
    seed,
    ...(await writerState(
      dataset.url,
      writers.map((w) => w.id),
    )),
  };
}
