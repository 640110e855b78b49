import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { TIMELINE_QUEUE } from '../../src/timelines/timeline-jobs.js';
import { META_KEY, TIMELINE_KEY_PREFIX, timelineKey } from '../../src/timelines/timeline-keys.js';
import { TimelineProcessor } from '../../src/timelines/timeline.processor.js';
import { deleteKeysWithPrefix } from './redis-keys.js';
import type { TestApp } from './test-app.js';

/** Whether this run has timelines (they need Redis: `npm run test:services`). */
export const timelinesOn = () => Boolean(process.env.REDIS_URL);

/** The app's timeline queue, if it has one. */
export function timelineQueue(app: INestApplication): Queue | undefined {
  try {
    return app.get<Queue>(getQueueToken(TIMELINE_QUEUE), { strict: false });
  } catch {
    return undefined;
  }
}

/** The app's timeline worker (BullMQ's Worker), if it runs one. */
export function timelineWorker(app: INestApplication) {
  try {
    return app.get(TimelineProcessor, { strict: false })?.worker ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Forgets every timeline and queued timeline job in the Redis at REDIS_URL: a
 * spec that starts from an empty database gets the same ids again, which a
 * timeline or a job left by an earlier spec would otherwise mean other posts by.
 */
export async function resetTimelines(app: INestApplication): Promise<void> {
  const url = process.env.REDIS_URL;
  if (!url) return;
  await timelineQueue(app)?.obliterate({ force: true });
  await deleteKeysWithPrefix(url, TIMELINE_KEY_PREFIX);
}

/**
 * Polls `read` until `accept` holds, for at most `ms` (the contract's 5 s for
 * what the worker brings), and returns the last value read, accepted or not,
 * so that the caller's expectation reports what was seen.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  ms = 5000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    value = await read();
  }
  return value;
}

/** A short-lived client of the Redis at REDIS_URL, for looking inside timelines. */
async function withRedis<T>(use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(process.env.REDIS_URL!, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    return await use(redis);
  } finally {
    redis.disconnect();
  }
}

/** The post ids a user's timeline holds in Redis, newest first (markers left out). */
export function timelinePostIds(userId: number): Promise<number[]> {
  return withRedis(async (redis) =>
    (await redis.zrevrangebyscore(timelineKey(userId), '+inf', '(0')).map((m) =>
      Number(m.split(':')[0]),
    ),
  );
}

/** Whether a user's timeline is built under the current epoch. */
export function timelineBuilt(userId: number): Promise<boolean> {
  return withRedis(async (redis) => {
    const epoch = await redis.hget(META_KEY, 'epoch');
    return epoch !== null && (await redis.zscore(timelineKey(userId), `built:${epoch}`)) !== null;
  });
}

/** Loses one timeline, as an evicting Redis would. */
export function evictTimeline(userId: number): Promise<void> {
  return withRedis(async (redis) => void (await redis.del(timelineKey(userId))));
}

/**
 * Reads the user's feed (a read of a timeline that is not built asks for its
 * rebuild) until, with timelines on, the timeline is built: what follows then
 * exercises the timeline, not the database fallback. Each read asks for a
 * page size of its own, so that it is not answered by the response cache.
 */
export async function withBuiltTimeline(
  t: TestApp,
  user: { id: number; auth: Record<string, string> },
): Promise<void> {
  let reads = 0;
  const readThenCheck = async () => {
    const limit = 100 - (reads++ % 100);
    await t.http().get('/api/feed').query({ limit }).set(user.auth).expect(200);
    return timelinesOn() ? timelineBuilt(user.id) : true;
  };
  if (!(await eventually(readThenCheck, Boolean))) {
    throw new Error(`the timeline of user ${user.id} was not built within 5 s`);
  }
}
