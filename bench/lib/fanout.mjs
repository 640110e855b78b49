// The fan-out scenario: how long a post by an author with many followers takes
// to reach every follower's home timeline, written by the worker (fan-out on
// write, docs/TIMELINES.md). Run last: it adds accounts to the 1x dataset.
import mysql from 'mysql2/promise';
import { api, cpuMs } from './processes.mjs';
import { accessToken, buildTimelines, connect, waitForMember } from './timelines.mjs';

/**
 * Adds an author followed by `followers` new accounts (who follow nobody else),
 * counters kept exact, credentials copied from a seeded user as for the other
 * added accounts. Resolves to {author, fans: [ids]}.
 */
export async function addFanoutAuthor(databaseUrl, { followers }) {
  const db = await mysql.createConnection({ uri: databaseUrl, timezone: 'Z' });
  try {
    await db.beginTransaction();
    const [[{ maxId }]] = await db.query('SELECT MAX(id) AS maxId FROM user');
    const author = maxId + 1;
    const fans = Array.from({ length: followers }, (_, i) => author + 1 + i);
    const rows = [
      [author, 'bench_author', 'bench_author', 'A Fanned-out Author', '', followers, 0, 0],
    ];
    for (const id of fans)
      rows.push([id, `bench_fan_${id}`, `bench_fan_${id}`, 'A Fan', '', 0, 1, 0]);
    for (let from = 0; from < rows.length; from += 5000) {
      await db.query(
        'INSERT INTO user (id, username, username_lower, name, bio, followers_count, following_count, posts_count) VALUES ?',
        [rows.slice(from, from + 5000)],
      );
    }
    await db.query(
      'INSERT INTO auth (user_id, password_hash) SELECT u.id, a.password_hash FROM user u, (SELECT password_hash FROM auth ORDER BY user_id LIMIT 1) a WHERE u.id >= ?',
      [author],
    );
    for (let from = 0; from < fans.length; from += 5000) {
      await db.query('INSERT INTO user_follow (user_from, user_to) VALUES ?', [
        fans.slice(from, from + 5000).map((id) => [id, author]),
      ]);
    }
    await db.commit();
    return { author, fans };
  } catch (error) {
    await db.rollback();
    throw error;
  } finally {
    await db.end();
  }
}

const quantile = (sorted, q) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] : undefined;
const round = (n) => (n === undefined ? undefined : Math.round(n));

/**
 * Builds every follower's timeline (their first read, then the worker), then
 * publishes `posts` posts as the author, one at a time, and measures from each
 * 201 until the post is in every follower's timeline ZSET. `server` is the app
 * the posts go to; `options.worker`, if given, the worker process that fans
 * them out (else the app's own worker does), measured apart.
 */
export async function measureFanout(dataset, server, redisUrl, options, log) {
  const { worker } = options;
  const { author, fans } = await addFanoutAuthor(dataset.url, { followers: options.followers });
  log(`fan-out: an author followed by ${fans.length.toLocaleString('en-US')} new accounts`);
  const build = await buildTimelines(
    server.url,
    redisUrl,
    fans.map((id) => ({ id, token: accessToken(id) })),
    { timeoutMs: options.buildTimeoutMs },
  );
  log(`fan-out: ${build.users} followers' timelines built in ${build.seconds.toFixed(0)} s`);
  const redis = await connect(redisUrl);
  const token = accessToken(author);
  const posts = [];
  try {
    for (let n = 0; n < options.posts; n++) {
      server.resetPeakRss();
      worker?.resetPeakRss();
      const cpuBefore = cpuMs(server.pid);
      const workerBefore = worker && cpuMs(worker.pid);
      const redisBefore = options.redisPid && cpuMs(options.redisPid);
      const { body } = await api(server.url, 'POST', '/api/posts', {
        token,
        body: { text: `Fan-out post number ${n + 1}` },
      });
      const answered = performance.now();
      const seen = await waitForMember(
        redis,
        fans,
        `${body.id}:${author}`,
        answered,
        options.timeoutMs,
      );
      const delays = seen.delays.sort((a, b) => a - b);
      posts.push({
        postId: body.id,
        p50: round(quantile(delays, 0.5)),
        p99: round(quantile(delays, 0.99)),
        max: round(delays.at(-1)),
        missing: seen.missing,
        pollRoundMs: round(seen.slowestRound),
        serverCpuMs: round(cpuMs(server.pid) - cpuBefore),
        redisCpuMs: options.redisPid ? round(cpuMs(options.redisPid) - redisBefore) : undefined,
        peakRssMb: server.peakRssMb(),
        ...(worker
          ? {
              workerCpuMs: round(cpuMs(worker.pid) - workerBefore),
              workerPeakRssMb: worker.peakRssMb(),
            }
          : {}),
        delays,
      });
      const last = posts.at(-1);
      log(
        `fan-out post ${n + 1}: in every timeline after p50 ${last.p50} p99 ${last.p99} max ${last.max} ms` +
          ` (${last.missing} missing), server CPU ${last.serverCpuMs} ms, peak RSS ${last.peakRssMb.toFixed(0)} MB` +
          (worker
            ? `; worker CPU ${last.workerCpuMs} ms, peak RSS ${last.workerPeakRssMb.toFixed(0)} MB`
            : ''),
      );
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    redis.disconnect();
  }
  const all = posts.flatMap((p) => p.delays).sort((a, b) => a - b);
  return {
    followers: fans.length,
    fanoutMaxFollowers: options.fanoutMaxFollowers,
    buildSeconds: build.seconds,
    server: server.name,
    ...(worker ? { worker: worker.name } : {}),
    overFollowersAndPosts: {
      p50: round(quantile(all, 0.5)),
      p99: round(quantile(all, 0.99)),
      max: round(all.at(-1)),
      missing: posts.reduce((n, p) => n + p.missing, 0),
    },
    posts: posts.map(({ delays: _, ...p }) => p),
  };
}
