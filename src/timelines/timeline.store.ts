import { randomBytes } from 'node:crypto';
import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { Redis } from 'ioredis';
import { withinMs } from '../cache/bounded-wait.js';
import { type TimelineEntry } from '../posts/feed.service.js';
import { META_KEY, timelineKey } from './timeline-keys.js';
import { ADD, ADD_TO_MANY, BEGIN, FINISH, READ, REMOVE_AUTHOR } from './timeline-scripts.js';

/** Injection token of the store's ioredis client. */
export const TIMELINE_REDIS = Symbol('TIMELINE_REDIS');

// A request waits this long for the store; the contract's bound is 100 ms for all of Redis.
const REQUEST_TIMEOUT_MS = 50;
// A write made for a request (one's own new post) waits longer, as the cache's
// invalidations do: a write that gives up is a lost write, which un-builds every
// timeline, and a busy machine makes a healthy Redis late now and then.
const REQUEST_WRITE_TIMEOUT_MS = 500;
// A job waits longer: it is retried if the store does not answer.
const JOB_TIMEOUT_MS = 5000;
// Once the store is taken for down, requests skip it for this long (the feed comes from the database).
const RETRY_AFTER_FAILURE_MS = 1000;
// Taken for down: disconnected, or this many request reads in a row failed. One slow
// read is a busy machine, not an outage: skipping the store for a second after it
// would send every feed read to the database query, many times the cost of a
// timeline read for a reader of many accounts, and make the machine busier still.
const FAILURES_TO_SKIP = 3;
// How long boot waits for Redis before starting without it (it keeps reconnecting).
const BOOT_WAIT_MS = 1000;
// Timelines one fan-out script writes: a batch of 1,000 is ten scripts in one round trip.
const TIMELINES_PER_SCRIPT = 100;
// A timeline nobody reads for this long expires (Mastodon keeps feeds of active users only).
export const TIMELINE_TTL_MS = 14 * 24 * 60 * 60 * 1000;

type Scripted = Redis & {
  timelineRead(...args: (string | number)[]): Promise<[string, string[], string[]] | null>;
  timelineAdd(...args: (string | number)[]): Promise<number>;
  timelineAddToMany(...args: (string | number)[]): Promise<number>;
  timelineBegin(...args: (string | number)[]): Promise<number>;
  timelineFinish(...args: (string | number)[]): Promise<number>;
  timelineRemoveAuthor(...args: (string | number)[]): Promise<number>;
};

/** A page's worth of a built timeline. */
export interface TimelineHead {
  /** Post ids above this are all in the timeline; older ones are only in the database. */
  floor: number;
  entries: TimelineEntry[];
  /** The authors whose posts are not fanned out (anyone's followees): the feed merges them at read time. */
  merged: number[];
}

export class TimelineStoreUnavailable extends Error {
  constructor(cause?: unknown) {
    super(`the timeline store is unavailable${cause ? `: ${String(cause)}` : ''}`);
  }
}

const member = (entry: TimelineEntry) => `${entry.id}:${entry.authorId}`;
const pairs = (entries: TimelineEntry[]) => entries.flatMap((e) => [e.id, member(e)]);

export function parseMember(value: string): TimelineEntry {
  const [id, authorId] = value.split(':').map(Number);
  return { id, authorId };
}

const token = () => randomBytes(8).toString('base64url');

/**
 * Home timelines in Redis (see timeline-scripts.ts for their shape). Calls made
 * for a request are bounded and skipped for a while after a failure, so a
 * missing Redis costs a feed read little; calls made by jobs wait longer and
 * throw, so the job is retried.
 *
 * A write made for a request that could not reach Redis (the author's own
 * post, an enqueued job) leaves timelines possibly incomplete: before it
 * serves anything again, this process replaces the epoch, which makes every
 * timeline "not built", to be rebuilt from the database.
 */
@Injectable()
export class TimelineStore implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Timelines');
  private readonly redis: Scripted;
  private downUntil = 0;
  private failuresInARow = 0;
  private missedWrite = false;
  private epochReplaced: () => Promise<void> = () => Promise.resolve();

  constructor(@Inject(TIMELINE_REDIS) redis: Redis) {
    redis.defineCommand('timelineRead', { numberOfKeys: 2, lua: READ });
    redis.defineCommand('timelineAdd', { numberOfKeys: 1, lua: ADD });
    redis.defineCommand('timelineAddToMany', { lua: ADD_TO_MANY }); // numkeys comes first
    redis.defineCommand('timelineBegin', { numberOfKeys: 1, lua: BEGIN });
    redis.defineCommand('timelineFinish', { numberOfKeys: 1, lua: FINISH });
    redis.defineCommand('timelineRemoveAuthor', { numberOfKeys: 1, lua: REMOVE_AUTHOR });
    redis.on('error', () => undefined); // reported through failed calls
    this.redis = redis as Scripted;
  }

  /** Waits a moment for Redis at boot; without it the app starts anyway (the feed uses the database). */
  async onModuleInit(): Promise<void> {
    const connecting = this.redis.connect().catch(() => undefined);
    await withinMs(connecting, BOOT_WAIT_MS).catch(() => undefined);
  }

  async onModuleDestroy(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  /** Whether requests should try the store now. */
  get available(): boolean {
    return Date.now() >= this.downUntil;
  }

  /**
   * How long a write made for a request may wait: long while connected, short
   * while the connection is down (as the cache's invalidations wait long until
   * the store is known down). A slow read is no outage: on a busy machine
   * reads time out now and then, and if that shortened the writes' wait, late
   * answers would count as lost writes, each of which un-builds every timeline.
   */
  get writeTimeoutMs(): number {
    return this.redis.status === 'ready' ? REQUEST_WRITE_TIMEOUT_MS : REQUEST_TIMEOUT_MS;
  }

  /** Called once this process has replaced the epoch (after a lost write). */
  onEpochReplaced(listener: () => Promise<void>): void {
    this.epochReplaced = listener;
  }

  /** Remembers that a write for a request was lost: timelines must be rebuilt. */
  missed(error: unknown): void {
    if (!this.missedWrite) this.logger.warn(`a timeline write was lost (${String(error)})`);
    this.missedWrite = true;
  }

  // ---- reads, for requests -------------------------------------------------

  /** The newest `count` entries below `before`; undefined if the timeline is not built. */
  read(
    userId: number,
    before: number | undefined,
    count: number,
  ): Promise<TimelineHead | undefined> {
    return this.forRequest(async () => {
      const max = before === undefined ? '+inf' : `(${before}`;
      const found = await this.redis.timelineRead(
        META_KEY,
        timelineKey(userId),
        max,
        count,
        TIMELINE_TTL_MS,
      );
      if (!found) return undefined;
      const [built, members, merged] = found;
      return {
        floor: -Number(built) || 0, // the marker of a complete timeline is 0, not -0
        entries: members.map(parseMember),
        merged: merged.map(Number),
      };
    });
  }

  /** More entries of a built timeline, below `before`. */
  async range(userId: number, before: number, count: number): Promise<TimelineEntry[]> {
    const members = await this.forRequest(() =>
      this.redis.zrevrangebyscore(timelineKey(userId), `(${before}`, '(0', 'LIMIT', 0, count),
    );
    return members.map(parseMember);
  }

  /** Read repair: drops entries a read found to be of authors the reader no longer follows. */
  forget(userId: number, entries: TimelineEntry[]): void {
    if (entries.length === 0 || !this.available) return;
    this.redis.zrem(timelineKey(userId), ...entries.map(member)).catch(() => undefined);
  }

  // ---- writes, for requests ------------------------------------------------

  /** Adds posts to a timeline that exists, before a write answers; how many were new. */
  addNow(userId: number, entries: TimelineEntry[], cap: number): Promise<number> {
    return this.forRequest(
      () => this.redis.timelineAdd(timelineKey(userId), cap, ...pairs(entries)),
      true,
    );
  }

  removeNow(userId: number, entry: TimelineEntry): Promise<number> {
    // Not a lost write if it fails: hydration hides a deleted post anyway.
    return this.forRequest(() => this.redis.zrem(timelineKey(userId), member(entry)));
  }

  // ---- writes, for jobs ----------------------------------------------------

  /** Adds one post to many timelines (those that exist), in one round trip; how many took it. */
  async addToMany(userIds: number[], entry: TimelineEntry, cap: number): Promise<number> {
    if (userIds.length === 0) return 0;
    // A script a chunk, not one for the whole batch: a script holds Redis for its whole run.
    const pipeline = this.redis.pipeline() as unknown as Scripted & { exec: Redis['exec'] };
    for (let i = 0; i < userIds.length; i += TIMELINES_PER_SCRIPT) {
      const keys = userIds.slice(i, i + TIMELINES_PER_SCRIPT).map(timelineKey);
      void pipeline.timelineAddToMany(keys.length, ...keys, cap, entry.id, member(entry));
    }
    const results = await this.forJob(() => pipeline.exec());
    return (results ?? []).reduce((sum, [error, took]) => {
      if (error) throw error;
      return sum + Number(took);
    }, 0);
  }

  add(userId: number, entries: TimelineEntry[], cap: number): Promise<number> {
    if (entries.length === 0) return Promise.resolve(0);
    return this.forJob(() => this.redis.timelineAdd(timelineKey(userId), cap, ...pairs(entries)));
  }

  /** Removes one post from many timelines. */
  async removeFromMany(userIds: number[], entry: TimelineEntry): Promise<void> {
    if (userIds.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const userId of userIds) pipeline.zrem(timelineKey(userId), member(entry));
    const results = await this.forJob(() => pipeline.exec());
    for (const [error] of results ?? []) if (error) throw error;
  }

  removeAuthor(userId: number, authorId: number): Promise<number> {
    return this.forJob(() => this.redis.timelineRemoveAuthor(timelineKey(userId), `:${authorId}`));
  }

  /** Forgets a deleted account: its timeline, and its place among the merged authors. */
  async drop(userId: number): Promise<void> {
    await this.forJob(() =>
      this.redis.multi().del(timelineKey(userId)).hdel(META_KEY, `m:${userId}`).exec(),
    );
  }

  /** Whether the author's posts are merged at read time instead of fanned out. */
  async isMerged(authorId: number): Promise<boolean> {
    return (await this.forJob(() => this.redis.hexists(META_KEY, `m:${authorId}`))) === 1;
  }

  /** From now on the author's posts are merged at read time (for good: see TIMELINES.md). */
  async markMerged(authorId: number): Promise<void> {
    await this.forJob(() => this.redis.hset(META_KEY, `m:${authorId}`, 1));
  }

  /** Starts rebuilding a timeline: returns what `finish` needs. */
  async begin(userId: number): Promise<{ token: string; epoch: string }> {
    const rebuild = token();
    const epoch = await this.forJob(async () => {
      await this.redis.hsetnx(META_KEY, 'epoch', token());
      const current = await this.redis.hget(META_KEY, 'epoch');
      await this.redis.timelineBegin(timelineKey(userId), rebuild, TIMELINE_TTL_MS);
      return current;
    });
    if (!epoch) throw new TimelineStoreUnavailable('the epoch vanished');
    return { token: rebuild, epoch };
  }

  /** Finishes a rebuild with the timeline's content from the database; false if it was superseded. */
  async finish(
    userId: number,
    rebuild: { token: string; epoch: string },
    floor: number,
    entries: TimelineEntry[],
    cap: number,
  ): Promise<boolean> {
    const done = await this.forJob(() =>
      this.redis.timelineFinish(
        timelineKey(userId),
        cap,
        rebuild.token,
        rebuild.epoch,
        floor,
        ...pairs(entries),
      ),
    );
    return done === 1;
  }

  /** Makes every timeline "not built" (each is rebuilt on its next read). */
  async newEpoch(): Promise<void> {
    await this.redis.hset(META_KEY, 'epoch', token());
  }

  // ---- bounds --------------------------------------------------------------

  private async forRequest<T>(op: () => Promise<T>, write = false): Promise<T> {
    // Reads skip the store while it is taken for down (readFailed); a write is tried
    // all the same (it fails at once while disconnected): skipping it would lose it.
    if (!write && !this.available) throw new TimelineStoreUnavailable();
    try {
      if (this.missedWrite) {
        await withinMs(this.newEpoch(), REQUEST_TIMEOUT_MS);
        this.missedWrite = false;
        await this.epochReplaced();
        this.logger.log('timelines are rebuilt from the database after a lost write');
      }
      const result = await withinMs(op(), write ? this.writeTimeoutMs : REQUEST_TIMEOUT_MS);
      if (!write) this.failuresInARow = 0;
      return result;
    } catch (error) {
      if (write) this.missed(error);
      else this.readFailed();
      throw new TimelineStoreUnavailable(error);
    }
  }

  private readFailed(): void {
    this.failuresInARow += 1;
    if (this.redis.status !== 'ready' || this.failuresInARow >= FAILURES_TO_SKIP) {
      this.downUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      this.failuresInARow = 0;
    }
  }

  private forJob<T>(op: () => Promise<T>): Promise<T> {
    return withinMs(op(), JOB_TIMEOUT_MS);
  }
}
