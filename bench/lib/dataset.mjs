// The benchmark's data: a database seeded by the project's own generator
// (`node dist/seed/main.js`), two accounts added for the skewed cases, and the
// users, posts and ids that the measured requests rotate over.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import mysql from 'mysql2/promise';

/** Creates the database if needed; refuses the test suite's database. */
export async function ensureDatabase(serverUrl, name) {
  if (!/^[A-Za-z0-9_]+$/.test(name) || name === 'social_test') {
    throw new Error(`refusing database "${name}": give the benchmark a database of its own`);
  }
  const connection = await mysql.createConnection(serverUrl);
  try {
    await connection.query(`CREATE DATABASE IF NOT EXISTS \`${name}\``);
    const [[{ version }]] = await connection.query('SELECT VERSION() AS version');
    return version;
  } finally {
    await connection.end();
  }
}

/** Empties the database and seeds it with `npm run seed`'s generator. */
export async function seed(databaseUrl, redisUrl, size) {
  const started = Date.now();
  const child = spawn(
    process.execPath,
    [
      'dist/seed/main.js',
      '--reset',
      `--users=${size.users}`,
      `--posts-per-user=${size.postsPerUser}`,
      `--follows-per-user=${size.followsPerUser}`,
      `--likes-per-post=${size.likesPerPost}`,
      `--seed=${size.seed}`,
    ],
    {
      // REDIS_URL: the seed invalidates every cached read of an earlier run.
      env: { PATH: process.env.PATH, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  const [code] = await once(child, 'exit');
  if (code !== 0) throw new Error(`seed failed:\n${output}`);
  return { seconds: (Date.now() - started) / 1000, summary: output.trim().split('\n').at(-2) };
}

/**
 * Adds the two skewed accounts, with every counter kept exact:
 * - a celebrity, followed by `celebrityShare` of the seeded users, who has
 *   published `celebrityPosts` posts, the newest of all;
 * - a heavy follower, who follows `heavyFollows` random accounts.
 * Both log in with the seeded password (their credentials copy a seeded user's).
 */
export async function addSkewedAccounts(
  databaseUrl,
  { celebrityShare, celebrityPosts, heavyFollows, seed },
) {
  const db = await mysql.createConnection({ uri: databaseUrl, timezone: 'Z' });
  try {
    await db.beginTransaction();
    const [[{ maxId, seeded }]] = await db.query(
      'SELECT MAX(id) AS maxId, COUNT(*) AS seeded FROM user',
    );
    const celebrity = maxId + 1;
    const heavy = maxId + 2;
    const fans = Math.round(seeded * celebrityShare);
    const follows = Math.min(heavyFollows, seeded);
    await db.query(
      'INSERT INTO user (id, username, username_lower, name, bio, followers_count, following_count, posts_count) VALUES ?',
      [
        [
          [
            celebrity,
            'bench_celebrity',
            'bench_celebrity',
            'A Celebrity',
            '',
            fans,
            0,
            celebrityPosts,
          ],
          [heavy, 'bench_heavy', 'bench_heavy', 'A Heavy Follower', '', 0, follows, 0],
        ],
      ],
    );
    await db.query(
      'INSERT INTO auth (user_id, password_hash) SELECT u.id, a.password_hash FROM user u, (SELECT password_hash FROM auth ORDER BY user_id LIMIT 1) a WHERE u.id IN (?, ?)',
      [celebrity, heavy],
    );
    await db.query(
      'INSERT INTO user_follow (user_from, user_to) SELECT id, ? FROM user WHERE id <= ? ORDER BY RAND(?) LIMIT ?',
      [celebrity, maxId, seed, fans],
    );
    await db.query(
      'UPDATE user SET following_count = following_count + 1 WHERE id IN (SELECT user_from FROM user_follow WHERE user_to = ?)',
      [celebrity],
    );
    await db.query(
      'INSERT INTO user_follow (user_from, user_to) SELECT ?, id FROM user WHERE id <= ? ORDER BY RAND(?) LIMIT ?',
      [heavy, maxId, seed + 1, follows],
    );
    await db.query(
      'UPDATE user SET followers_count = followers_count + 1 WHERE id IN (SELECT user_to FROM user_follow WHERE user_from = ?)',
      [heavy],
    );
    const now = Date.now();
    for (let from = 0; from < celebrityPosts; from += 5000) {
      const rows = [];
      for (let n = from; n < Math.min(celebrityPosts, from + 5000); n++) {
        const at = new Date(now - (celebrityPosts - n) * 60_000);
        rows.push([celebrity, `Celebrity post number ${n + 1}`, at, at]);
      }
      await db.query('INSERT INTO post (user, text, created_at, updated_at) VALUES ?', [rows]);
    }
    await db.commit();
    return { celebrity, heavy, fans, follows };
  } catch (error) {
    await db.rollback();
    throw error;
  } finally {
    await db.end();
  }
}

/** `n` rows spread evenly over `rows` (sorted): the same quantiles at any size. */
function quantiles(rows, n) {
  if (rows.length <= n) return rows;
  return Array.from({ length: n }, (_, i) => rows[Math.floor(((i + 0.5) * rows.length) / n)]);
}

/**
 * Who and what the measured requests rotate over. Feed readers are picked at
 * evenly spaced quantiles of the number of accounts they follow, so that two
 * datasets of different sizes but the same follows per user get samples with
 * the same spread of feed sizes.
 */
export async function pickSamples(
  databaseUrl,
  { readers, fans, writers, celebrity, heavy, likeTargets },
) {
  const db = await mysql.createConnection({ uri: databaseUrl, timezone: 'Z' });
  try {
    const [users] = await db.query(
      'SELECT id, username, following_count AS following FROM user WHERE id < ? ORDER BY following_count, id',
      [celebrity],
    );
    const [fanRows] = await db.query(
      'SELECT u.id, u.username, u.following_count AS following FROM user_follow f JOIN user u ON u.id = f.user_from WHERE f.user_to = ? ORDER BY u.following_count, u.id',
      [celebrity],
    );
    const [[heavyUser]] = await db.query(
      'SELECT id, username, following_count AS following FROM user WHERE id = ?',
      [heavy],
    );
    const [[{ hotPost }]] = await db.query('SELECT MAX(id) AS hotPost FROM post WHERE user < ?', [
      celebrity,
    ]);
    const [posts] = await db.query('SELECT id FROM post WHERE user < ? ORDER BY id DESC LIMIT ?', [
      celebrity,
      likeTargets,
    ]);
    const [[counts]] = await db.query(
      'SELECT (SELECT COUNT(*) FROM user) AS users, (SELECT COUNT(*) FROM user_follow) AS follows, (SELECT COUNT(*) FROM post) AS posts, (SELECT COUNT(*) FROM post_like) AS likes',
    );
    const readerRows = quantiles(users, readers);
    const isReader = new Set(readerRows.map((u) => u.id));
    return {
      readers: readerRows,
      // The mixed workload's writers: other users, with the same spread of follow counts.
      writers: quantiles(
        users.filter((u) => !isReader.has(u.id)),
        writers,
      ),
      fans: quantiles(fanRows, fans),
      heavy: heavyUser,
      hotPost,
      likeTargets: posts.map((p) => p.id),
      counts,
    };
  } finally {
    await db.end();
  }
}

/**
 * What the mixed workload's writers may touch, and their current state: every
 * post (liked at random), every user (followed at random), and the writers'
 * likes and follows now, so that a like of a liked post is sent as an unlike.
 */
export async function writerState(databaseUrl, writerIds) {
  const db = await mysql.createConnection({ uri: databaseUrl, timezone: 'Z' });
  try {
    const [posts] = await db.query('SELECT id FROM post ORDER BY id');
    const [people] = await db.query('SELECT id FROM user ORDER BY id');
    const [liked] = await db.query('SELECT user, post FROM post_like WHERE user IN (?)', [
      writerIds,
    ]);
    const [following] = await db.query(
      'SELECT user_from AS `from`, user_to AS `to` FROM user_follow WHERE user_from IN (?)',
      [writerIds],
    );
    return {
      posts: posts.map((p) => p.id),
      people: people.map((u) => u.id),
      liked: liked.map((l) => [l.user, l.post]),
      following: following.map((f) => [f.from, f.to]),
    };
  } finally {
    await db.end();
  }
}

/**
 * Waits (at most `maxSeconds`) for InnoDB to write back what seeding left in
 * memory, so that background flushing does not run under the measurements.
 */
export async function settle(serverUrl, maxSeconds = 30) {
  const db = await mysql.createConnection(serverUrl);
  try {
    const deadline = Date.now() + maxSeconds * 1000;
    for (;;) {
      const [[dirty]] = await db.query("SHOW GLOBAL STATUS LIKE 'Innodb_buffer_pool_pages_dirty'");
      if (Number(dirty.Value) < 500 || Date.now() > deadline) return Number(dirty.Value);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await db.end();
  }
}
