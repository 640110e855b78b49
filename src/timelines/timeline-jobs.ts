import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { withinMs } from '../cache/bounded-wait.js';
import { throttledErrorLog } from './timeline-redis.js';
import { TimelineStore } from './timeline.store.js';

export const TIMELINE_QUEUE = 'timelines';

/** What each job does, and its data. */
export interface TimelineJobs {
  /** Adds a new post to its author's followers' timelines, a batch of followers per job. */
  'fan-out': { postId: number; authorId: number; after: number };
  /** Removes a deleted post from its author's followers' timelines, a batch per job. */
  'remove-post': { postId: number; authorId: number; after: number };
  /** Brings a newly followed author's recent posts into the follower's timeline. */
  merge: { followerId: number; followeeId: number };
  /** Takes an unfollowed author's posts out of the follower's timeline. */
  unmerge: { followerId: number; followeeId: number };
  /** Forgets a deleted account's timeline. */
  'drop-account': { userId: number };
  /** Rebuilds a missing timeline from the database. */
  regenerate: { userId: number };
}
export type TimelineJobName = keyof TimelineJobs;

/**
 * Every job is kept in Redis until done, retried with exponential backoff
 * (about two minutes in all), and kept for inspection when it keeps failing.
 */
export const JOB_OPTIONS: JobsOptions = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { count: 1000 },
  removeOnFail: false,
};

// Asking for a rebuild is best effort (the next read asks again): never a long wait.
const REGENERATE_TIMEOUT_MS = 50;

/** Enqueues timeline jobs. */
@Injectable()
export class TimelineQueue {
  constructor(
    @InjectQueue(TIMELINE_QUEUE) private readonly queue: Queue,
    private readonly store: TimelineStore,
  ) {
    const logger = new Logger('Timelines');
    queue.on(
      'error',
      throttledErrorLog((message) => logger.warn(message)),
    );
  }

  /**
   * Enqueues a job on behalf of a request. If Redis does not take it in time,
   * the store is told a write was lost (every timeline is then rebuilt): the
   * job may still be added later, which is harmless, since jobs are idempotent.
   */
  async forRequest<N extends TimelineJobName>(name: N, data: TimelineJobs[N]): Promise<void> {
    try {
      // Tried even while reads skip the store after a slow call: a skipped job is a lost write.
      await withinMs(this.queue.add(name, data), this.store.writeTimeoutMs);
    } catch (error) {
      this.store.missed(error);
    }
  }

  /** Asks for a timeline's rebuild; one at a time per user. Best effort: a read asks again. */
  async regenerate(userId: number): Promise<void> {
    if (!this.store.available) return;
    const id = `regenerate-${userId}`;
    await withinMs(
      this.queue.add('regenerate', { userId }, { deduplication: { id }, removeOnComplete: true }),
      REGENERATE_TIMEOUT_MS,
    ).catch(() => undefined);
  }

  /** The next batch of a job that walks followers (from a job: errors make it retry). */
  async nextBatch(name: 'fan-out' | 'remove-post', data: TimelineJobs['fan-out']): Promise<void> {
    // The id makes a retried job's next batch the same job, not a second one.
    const jobId = `${name}-${data.postId}-${data.after}`;
    await this.queue.add(name, data, { jobId });
  }
}
