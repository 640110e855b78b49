import { Random, ZipfSampler } from './random.js';

export interface SeedSize {
  users: number;
  /** Posts per user on average; the total is exactly users x postsPerUser. */
  postsPerUser: number;
  /** Accounts each user follows, on average (skewed: many follow few, a few follow many). */
  followsPerUser: number;
  /** Likes per post on average (more on the posts of popular authors). */
  likesPerPost: number;
}

/**
 * Who follows whom and who posts how much, by user index (0..users-1), with
 * every counter derived from the same arrays the rows are written from.
 */
export interface SocialGraph {
  users: number;
  /** Follow k: followFrom[k] follows followTo[k]; in the order they are written. */
  followFrom: Uint32Array;
  followTo: Uint32Array;
  followersCount: Uint32Array;
  followingCount: Uint32Array;
  postsCount: Uint32Array;
  /** The author of each post, in publication order. */
  postAuthor: Uint32Array;
  /** followerList[followerStart[u] .. followerStart[u+1]) follow u. */
  followerStart: Uint32Array;
  followerList: Uint32Array;
}

// Zipf exponent of popularity: about 1 gives the heavy tail of follower counts
// seen on real networks (a handful of accounts followed by most users).
const POPULARITY_EXPONENT = 1;

export function planGraph(size: SeedSize, random: Random): SocialGraph {
  const n = size.users;
  const followingCount = new Uint32Array(n);
  for (let u = 0; u < n; u++) {
    followingCount[u] = Math.min(n - 1, Math.round(size.followsPerUser * random.skewed(1)));
  }
  const total = followingCount.reduce((sum, k) => sum + k, 0);
  const followFrom = new Uint32Array(total);
  const followTo = new Uint32Array(total);
  const popularity = new ZipfSampler(n, POPULARITY_EXPONENT, random);
  let at = 0;
  for (let u = 0; u < n; u++) {
    for (const v of followTargets(u, followingCount[u], n, popularity, random)) {
      followFrom[at] = u;
      followTo[at] = v;
      at++;
    }
  }
  // Follows happen over time, not one user's at a time.
  for (let i = total - 1; i > 0; i--) {
    const j = random.int(i + 1);
    const from = followFrom[i];
    const to = followTo[i];
    followFrom[i] = followFrom[j];
    followTo[i] = followTo[j];
    followFrom[j] = from;
    followTo[j] = to;
  }
  const followersCount = new Uint32Array(n);
  for (const v of followTo) followersCount[v]++;
  const followerStart = new Uint32Array(n + 1);
  for (let u = 0; u < n; u++) followerStart[u + 1] = followerStart[u] + followersCount[u];
  const followerList = new Uint32Array(total);
  const filled = followerStart.slice(0, n);
  for (let k = 0; k < total; k++) followerList[filled[followTo[k]]++] = followFrom[k];

  const postsCount = allocatePosts(n, n * size.postsPerUser, random);
  const postAuthor = new Uint32Array(n * size.postsPerUser);
  at = 0;
  for (let u = 0; u < n; u++) postAuthor.fill(u, at, (at += postsCount[u]));
  random.shuffle(postAuthor);

  return {
    users: n,
    followFrom,
    followTo,
    followersCount,
    followingCount,
    postsCount,
    postAuthor,
    followerStart,
    followerList,
  };
}

/** `k` distinct users for `u` to follow, never `u`, popular ones more likely. */
function followTargets(
  u: number,
  k: number,
  n: number,
  popularity: ZipfSampler,
  random: Random,
): Iterable<number> {
  if (k * 2 > n - 1) {
    // Following most of the network: draw without replacement, uniformly.
    const others = random.shuffle(
      Uint32Array.from({ length: n - 1 }, (_, i) => (i < u ? i : i + 1)),
    );
    return others.subarray(0, k);
  }
  const chosen = new Set<number>();
  for (let tries = 0; chosen.size < k && tries < k * 50; tries++) {
    const v = popularity.draw(random);
    if (v !== u) chosen.add(v);
  }
  while (chosen.size < k) {
    const v = random.int(n);
    if (v !== u) chosen.add(v);
  }
  return chosen;
}

/** Exactly `total` posts over `n` users, in skewed shares: a few prolific authors, many quiet ones. */
function allocatePosts(n: number, total: number, random: Random): Uint32Array {
  const activity = Float64Array.from({ length: n }, () => random.skewed(1.2));
  const sum = activity.reduce((a, b) => a + b, 0);
  const counts = Uint32Array.from(activity, (a) => Math.floor((total * a) / sum));
  let left = total - counts.reduce((a, b) => a + b, 0);
  while (left-- > 0) counts[random.int(n)]++;
  return counts;
}

/** How many likes a post by `author` gets: more for authors with more followers. */
export function likeCount(
  graph: SocialGraph,
  author: number,
  mean: number,
  random: Random,
): number {
  if (mean === 0 || graph.users < 2) return 0;
  const meanFollowers = graph.followFrom.length / graph.users;
  const expected = (mean * (graph.followersCount[author] + 1)) / (meanFollowers + 1);
  const cap = Math.min(Math.floor((graph.users - 1) / 2), mean * 100);
  return Math.min(cap, Math.round(expected * random.skewed(0.8)));
}

/** `count` distinct users who like a post by `author`, mostly its author's followers. */
export function likers(
  graph: SocialGraph,
  author: number,
  count: number,
  random: Random,
): number[] {
  const start = graph.followerStart[author];
  const followers = graph.followerStart[author + 1] - start;
  const chosen = new Set<number>();
  while (chosen.size < count) {
    const v =
      followers > 0 && random.next() < 0.7
        ? graph.followerList[start + random.int(followers)]
        : random.int(graph.users);
    if (v !== author) chosen.add(v);
  }
  return [...chosen];
}
