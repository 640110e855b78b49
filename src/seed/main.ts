// `npm run seed -- --users 1000 --posts-per-user 20`: fills the database that
// DATABASE_URL names with demo data. See docs/OPERATIONS.md.
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { versionKey } from '../cache/cache-keys.js';
import { ALL } from '../cache/cache-namespaces.js';
import { readAppConfig } from '../config/app.config.js';
import { readDatabaseConfig } from '../config/database.config.js';
import { validateEnvironment } from '../config/env.validation.js';
import { readRedisConfig } from '../config/redis.config.js';
import { typeOrmOptions } from '../database/typeorm-options.js';
import { META_KEY } from '../timelines/timeline-keys.js';
import { DEMO_PASSWORD, seedDatabase, type SeedOptions, type SeedProgress } from './seed.js';

const USAGE = `Usage: npm run seed -- [options]
  --users N             users to create (default 1000)
  --posts-per-user N    posts per user on average; exactly users x N in all (default 20)
  --follows-per-user N  accounts each user follows, on average (default 30)
  --likes-per-post N    likes per post on average (default 5)
  --seed N              random seed: the same seed and sizes give the same data (default 1)
  --reset               empty every table first (else the new data is added)
  --force               allow NODE_ENV=production
Each option may also come from the environment: SEED_USERS, SEED_POSTS_PER_USER, ...`;

function readOptions(): (SeedOptions & { force: boolean }) | undefined {
  const { values } = parseArgs({
    options: {
      users: { type: 'string' },
      'posts-per-user': { type: 'string' },
      'follows-per-user': { type: 'string' },
      'likes-per-post': { type: 'string' },
      seed: { type: 'string' },
      reset: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const count = (name: keyof typeof values, fallback: number, min: number): number => {
    const env = `SEED_${name.toUpperCase().replaceAll('-', '_')}`;
    const raw = (values[name] as string | undefined) ?? process.env[env] ?? String(fallback);
    const value = Number(raw);
    if (!Number.isSafeInteger(value) || value < min) {
      throw new Error(`--${name} must be an integer of at least ${min}, not "${raw}"`);
    }
    return value;
  };
  return {
    users: count('users', 1000, 1),
    postsPerUser: count('posts-per-user', 20, 0),
    followsPerUser: count('follows-per-user', 30, 0),
    likesPerPost: count('likes-per-post', 5, 0),
    seed: count('seed', 1, 0),
    reset: values.reset || process.env.SEED_RESET === 'true',
    force: values.force,
  };
}

/** A progress bar per phase at a terminal (cli-progress, a dev dependency); a line per phase elsewhere. */
async function progressReporter(): Promise<SeedProgress & { end(): void }> {
  let bar:
    | {
        start(total: number, value: number, payload: object): void;
        increment(n: number): void;
        stop(): void;
      }
    | undefined;
  const cliProgress = process.stderr.isTTY
    ? (await import('cli-progress').catch(() => undefined))?.default
    : undefined;
  let current = { name: '', total: 0, started: 0 };
  const finish = () => {
    bar?.stop();
    if (current.name) {
      const seconds = (Date.now() - current.started) / 1000;
      console.log(`${current.name}: ${current.total} in ${seconds.toFixed(1)} s`);
    }
  };
  return {
    phase(name, total) {
      finish();
      current = { name, total, started: Date.now() };
      if (cliProgress) {
        bar = new cliProgress.SingleBar(
          {
            format: `${name.padEnd(8)} {bar} {percentage}% | {value}/{total} | {eta_formatted} left`,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0, {});
      }
    },
    advance: (count) => bar?.increment(count),
    end: finish,
  };
}

/**
 * Cached reads of a running app (in a shared Redis) must not outlive the data
 * they were read from, nor may home timelines: the seed writes rows without
 * the events that fan posts out. Dropping the timelines' epoch makes every
 * timeline "not built": each is rebuilt from the database on its owner's next
 * feed read (served from the database meanwhile), by the app's worker, which
 * is where rebuilding belongs; building them all here would cost one feed
 * query per user, most of whom never read.
 */
async function invalidateSharedCache(): Promise<void> {
  const { cacheUrl } = readRedisConfig(process.env);
  if (!cacheUrl) return;
  const redis = new Redis(cacheUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    // A missing version is replaced by a fresh one: every cached read misses from now on.
    await redis.del(versionKey(ALL));
    await redis.hdel(META_KEY, 'epoch');
  } catch (error) {
    console.warn(
      `Could not invalidate the cache and timelines in Redis (${String(error)}); the cache expires within CACHE_TTL.`,
    );
  } finally {
    redis.disconnect();
  }
}

async function main(): Promise<void> {
  const options = readOptions();
  if (!options) return console.log(USAGE);
  validateEnvironment(process.env);
  if (readAppConfig(process.env).nodeEnv === 'production' && !options.force) {
    throw new Error(
      'NODE_ENV=production: demo data there is probably a mistake (pass --force if not)',
    );
  }
  const dataSource = new DataSource({
    ...typeOrmOptions(readDatabaseConfig(process.env), 'tool'),
    logging: false,
  });
  await dataSource.initialize();
  const progress = await progressReporter();
  try {
    const started = Date.now();
    const summary = await seedDatabase(dataSource, options, progress);
    progress.end();
    await invalidateSharedCache();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `Seeded ${summary.users} users, ${summary.follows} follows, ${summary.posts} posts and ` +
        `${summary.likes} likes in ${seconds} s.\nEvery seeded user's password is "${DEMO_PASSWORD}"; ` +
        `the most followed is ${summary.mostFollowed.username} (${summary.mostFollowed.followers} followers).`,
    );
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
