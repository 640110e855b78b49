import { hash } from '@node-rs/argon2';
import type { DataSource } from 'typeorm';
import { BulkWriter, sqlTime } from './bulk-writer.js';
import { bio, personName, postText } from './content.js';
import { likeCount, likers, planGraph, type SeedSize, type SocialGraph } from './graph.js';
import { Random } from './random.js';

/** The password of every seeded user. */
export const DEMO_PASSWORD = 'demo-password';

export interface SeedOptions extends SeedSize {
  /** Seed of the random source: the same seed and size give the same data. */
  seed: number;
  /** Empties every table first; otherwise the new users and posts are added to what is there. */
  reset: boolean;
}

export interface SeedProgress {
  phase(name: string, total: number): void;
  advance(count: number): void;
}

export interface SeedSummary {
  users: number;
  follows: number;
  posts: number;
  likes: number;
  firstUserId: number;
  /** The seeded user with the most followers: a good account to log in with. */
  mostFollowed: { id: number; username: string; followers: number };
}

const silent: SeedProgress = { phase: () => undefined, advance: () => undefined };

// Rows a transaction: small enough to keep undo logs and locks short.
const USERS_A_TRANSACTION = 5000;
const FOLLOWS_A_TRANSACTION = 20_000;
const POSTS_A_TRANSACTION = 5000;
const DAY_MS = 24 * 60 * 60 * 1000;

// Deleted children first; SQLite has no TRUNCATE.
const TABLES = ['post_like', 'post', 'user_follow', 'auth_session', 'auth', 'user'];

/**
 * Fills the database with a social graph: users (with credentials), follows
 * whose targets follow a power law, posts and likes, over the last 90 days.
 *
 * Every counter column is written with the value computed from the very rows
 * written next to it, so each one equals a recount. Seeded rows refer only to
 * seeded rows, so rows already there keep their counters right too. One
 * argon2id hash of DEMO_PASSWORD serves every user (hashing each would take
 * hours at a million users). Seed while the app is not writing: ids are
 * assigned here, after the largest ones present.
 */
export async function seedDatabase(
  dataSource: DataSource,
  options: SeedOptions,
  progress: SeedProgress = silent,
): Promise<SeedSummary> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const db = new BulkWriter(runner);
  // The rows are consistent by construction: skip checking each foreign key.
  await db.query(db.dialect.foreignKeyChecks(false));
  try {
    if (options.reset) await emptyTables(db);
    const random = new Random(options.seed);
    const graph = planGraph(options, random);
    const firstUserId = (await maxId(db, 'user')) + 1;
    const firstPostId = (await maxId(db, 'post')) + 1;
    const passwordHash = await hash(DEMO_PASSWORD, { algorithm: 2 });
    const now = Date.now();
    const start = now - 90 * DAY_MS;

    const usernames = await writeUsers(
      db,
      graph,
      firstUserId,
      passwordHash,
      start,
      random,
      progress,
    );
    await writeFollows(db, graph, firstUserId, start, now, progress);
    const likes = await writePosts(
      db,
      graph,
      options,
      firstUserId,
      firstPostId,
      start,
      now,
      random,
      progress,
    );

    let top = 0;
    for (let u = 1; u < graph.users; u++) {
      if (graph.followersCount[u] > graph.followersCount[top]) top = u;
    }
    return {
      users: graph.users,
      follows: graph.followFrom.length,
      posts: graph.postAuthor.length,
      likes,
      firstUserId,
      mostFollowed: {
        id: firstUserId + top,
        username: usernames[top],
        followers: graph.followersCount[top],
      },
    };
  } finally {
    await db.query(db.dialect.foreignKeyChecks(true));
    await runner.release();
  }
}

async function writeUsers(
  db: BulkWriter,
  graph: SocialGraph,
  firstId: number,
  passwordHash: string,
  start: number,
  random: Random,
  progress: SeedProgress,
): Promise<string[]> {
  progress.phase('users', graph.users);
  const usernames: string[] = [];
  for (let from = 0; from < graph.users; from += USERS_A_TRANSACTION) {
    const users: unknown[][] = [];
    const credentials: unknown[][] = [];
    for (let u = from; u < Math.min(graph.users, from + USERS_A_TRANSACTION); u++) {
      const id = firstId + u;
      const { username, name } = personName(random, id);
      // Accounts were opened in the 90 days before the first follow or post.
      const createdAt = sqlTime(start - DAY_MS * 90 * (1 - u / graph.users));
      usernames.push(username);
      users.push([
        id,
        username,
        username.toLowerCase(),
        name,
        bio(random),
        createdAt,
        graph.followersCount[u],
        graph.followingCount[u],
        graph.postsCount[u],
      ]);
      credentials.push([id, passwordHash, createdAt]);
    }
    await db.transaction(async () => {
      await db.insert(
        'user',
        [
          'id',
          'username',
          'username_lower',
          'name',
          'bio',
          'created_at',
          'followers_count',
          'following_count',
          'posts_count',
        ],
        users,
      );
      await db.insert('auth', ['user_id', 'password_hash', 'updated_at'], credentials);
    });
    progress.advance(users.length);
  }
  return usernames;
}

async function writeFollows(
  db: BulkWriter,
  graph: SocialGraph,
  firstUserId: number,
  start: number,
  end: number,
  progress: SeedProgress,
): Promise<void> {
  const total = graph.followFrom.length;
  progress.phase('follows', total);
  for (let from = 0; from < total; from += FOLLOWS_A_TRANSACTION) {
    const rows: unknown[][] = [];
    for (let k = from; k < Math.min(total, from + FOLLOWS_A_TRANSACTION); k++) {
      rows.push([
        firstUserId + graph.followFrom[k],
        firstUserId + graph.followTo[k],
        sqlTime(start + ((end - start) * k) / total),
      ]);
    }
    await db.transaction(() =>
      db.insert('user_follow', ['user_from', 'user_to', 'created_at'], rows),
    );
    progress.advance(rows.length);
  }
}

/** Posts in publication order, each written with its likes and their count; returns the likes written. */
async function writePosts(
  db: BulkWriter,
  graph: SocialGraph,
  options: SeedOptions,
  firstUserId: number,
  firstPostId: number,
  start: number,
  end: number,
  random: Random,
  progress: SeedProgress,
): Promise<number> {
  const total = graph.postAuthor.length;
  progress.phase('posts', total);
  let likesWritten = 0;
  for (let from = 0; from < total; from += POSTS_A_TRANSACTION) {
    const posts: unknown[][] = [];
    const likes: unknown[][] = [];
    for (let p = from; p < Math.min(total, from + POSTS_A_TRANSACTION); p++) {
      const author = graph.postAuthor[p];
      const postedAt = start + ((end - start) * p) / total;
      const likedBy = likers(
        graph,
        author,
        likeCount(graph, author, options.likesPerPost, random),
        random,
      );
      posts.push([
        firstPostId + p,
        firstUserId + author,
        postText(random),
        sqlTime(postedAt),
        sqlTime(postedAt),
        likedBy.length,
      ]);
      for (const liker of likedBy) {
        // Within the hour after the post, and never in the future.
        const likedAt = Math.min(end, postedAt + random.int(60 * 60 * 1000));
        likes.push([firstPostId + p, firstUserId + liker, sqlTime(likedAt)]);
      }
    }
    await db.transaction(async () => {
      await db.insert(
        'post',
        ['id', 'user', 'text', 'created_at', 'updated_at', 'likes_count'],
        posts,
      );
      await db.insert('post_like', ['post', 'user', 'created_at'], likes);
    });
    likesWritten += likes.length;
    progress.advance(posts.length);
  }
  return likesWritten;
}

async function emptyTables(db: BulkWriter): Promise<void> {
  for (const table of TABLES) {
    await db.query(db.dialect.emptyTable(db.escape(table)));
  }
}

async function maxId(db: BulkWriter, table: string): Promise<number> {
  const [row] = await db.query<Array<{ id: number | string | null }>>(
    `SELECT MAX(id) AS id FROM ${db.escape(table)}`,
  );
  return Number(row?.id ?? 0);
}
