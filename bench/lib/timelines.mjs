// Home timelines in Redis (docs/TIMELINES.md), as the benchmark sees them: it
// builds the measured readers' timelines before measuring, and watches posts
// arrive in followers' timelines. The key names are the app's
// (src/timelines/timeline-keys.ts); a change there must be made here too.
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import { api, inParallel, JWT_SECRET } from './processes.mjs';

const META_KEY = 'timeline:v1:meta';
export const timelineKey = (userId) => `timeline:v1:home:${userId}`;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * An access token as the app signs it (src/auth/access-tokens.ts), for accounts
 * the benchmark adds by the thousand: argon2id logins of 10,000 users would take
 * minutes. Credentials version 1 is a new account's.
 */
export const accessToken = (userId) =>
  jwt.sign({ sub: userId, ver: 1 }, JWT_SECRET, {
    algorithm: 'HS256',
    issuer: 'social-api',
    audience: 'social-api',
    expiresIn: 3600,
  });

export async function connect(redisUrl) {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  return redis;
}

/** The users (of `ids`) whose timeline is built under the current epoch. */
async function built(redis, ids) {
  const epoch = await redis.hget(META_KEY, 'epoch');
  if (!epoch) return new Set();
  const pipeline = redis.pipeline();
  for (const id of ids) pipeline.zscore(timelineKey(id), `built:${epoch}`);
  const answers = await pipeline.exec();
  return new Set(ids.filter((_, i) => answers[i][1] !== null));
}

/**
 * Has the timelines of `users` ({id, token}) built the way a reader's first read
 * does: one GET /api/feed each (the page comes from the database and a rebuild is
 * enqueued), then waits until the worker has built every one (the `built:<epoch>`
 * marker). Reads again, every 10 s, those still missing (a read asks again).
 * Resolves to {users, seconds}; throws after `timeoutMs`.
 */
export async function buildTimelines(url, redisUrl, users, { timeoutMs = 300_000 } = {}) {
  const started = Date.now();
  const redis = await connect(redisUrl);
  try {
    let pending = users;
    let askedAt = 0;
    for (;;) {
      const done = await built(
        redis,
        pending.map((u) => u.id),
      );
      pending = pending.filter((u) => !done.has(u.id));
      if (!pending.length) break;
      if (Date.now() - started > timeoutMs) {
        throw new Error(`${pending.length} of ${users.length} timelines were not built in time`);
      }
      if (Date.now() - askedAt > 10_000) {
        askedAt = Date.now();
        await inParallel(pending, 16, (u) => api(url, 'GET', '/api/feed', { token: u.token }));
      }
      await sleep(250);
    }
    return { users: users.length, seconds: (Date.now() - started) / 1000 };
  } finally {
    redis.disconnect();
  }
}

/**
 * Polls the timelines of `followers` (ids) for `member` until each holds it or
 * `timeoutMs` passes: one pipelined ZSCORE per follower still waiting, round
 * after round. Resolves to each follower's delay after `since` (ms, a
 * performance.now() time), missing ones left out, and the longest poll round
 * (the resolution of those delays).
 */
export async function waitForMember(redis, followers, member, since, timeoutMs) {
  const delays = [];
  let pending = followers;
  let slowestRound = 0;
  while (pending.length && performance.now() - since < timeoutMs) {
    const before = performance.now();
    const pipeline = redis.pipeline();
    for (const id of pending) pipeline.zscore(timelineKey(id), member);
    const answers = await pipeline.exec();
    const at = performance.now();
    slowestRound = Math.max(slowestRound, at - before);
    const still = [];
    pending.forEach((id, i) => (answers[i][1] === null ? still.push(id) : delays.push(at - since)));
    pending = still;
    if (pending.length) await sleep(5);
  }
  return { delays, missing: pending.length, slowestRound };
}
