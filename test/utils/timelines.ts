import type { INestApplication } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { TIMELINE_QUEUE } from '../../src/timelines/timeline-jobs.js';
import { TIMELINE_KEY_PREFIX } from '../../src/timelines/timeline-keys.js';
import { TimelineProcessor } from '../../src/timelines/timeline.processor.js';

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
    return app.get(TimelineProcessor, { strict: false }).worker;
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
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${TIMELINE_KEY_PREFIX}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
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
