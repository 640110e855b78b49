import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { withCacheHint } from '../cache/cache-hint.js';
import { names } from '../cache/cache-namespaces.js';
import { CacheService } from '../cache/cache.service.js';
import { decodeCursor, encodeCursor } from '../common/pagination/cursor.js';
import { type Page } from '../common/pagination/page.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { timelineConfig } from '../config/timeline.config.js';
import { FollowsService } from '../follows/follows.service.js';
import { type FeedSource, FeedService, type TimelineEntry } from '../posts/feed.service.js';
import { TimelineQueue } from './timeline-jobs.js';
import { TimelineStore, TimelineStoreUnavailable } from './timeline.store.js';

// How long a cached page lives when it merges authors at read time (see cacheHint).
export const MERGED_PAGE_TTL_MS = 2000;
// How long a page from the database lives while the timeline is not built (see fromDatabase).
export const FALLBACK_PAGE_TTL_MS = 2000;

/**
 * The feed from precomputed timelines: a page of ids from the reader's
 * timeline, whatever the number of accounts they follow.
 *
 * - Entries of authors the reader no longer follows are skipped (and
 *   forgotten): an unfollow shows at once, before its job has run.
 * - Authors who are not fanned out (see TimelineWriter) are merged in from
 *   the database, for the same keyset window.
 * - Below the timeline's floor (what its cap trimmed), the page goes on from
 *   the database query, with the same keyset: no repeat, no skip.
 * - A timeline that is not built is never served: the page comes from the
 *   database, and a rebuild is asked for.
 */
@Injectable()
export class TimelineFeed implements FeedSource, OnModuleInit {
  constructor(
    @Inject(timelineConfig.KEY) private readonly config: ConfigType<typeof timelineConfig>,
    private readonly store: TimelineStore,
    private readonly queue: TimelineQueue,
    private readonly feed: FeedService,
    private readonly follows: FollowsService,
    private readonly cache: CacheService,
  ) {}

  onModuleInit(): void {
    this.feed.useSource(this);
    // Every timeline un-built: cached pages read from them must not be served either.
    this.store.onEpochReplaced(() => this.cache.invalidate([names.timelines]));
  }

  async pageIds(userId: number, query: PageQueryDto): Promise<Page<number>> {
    if (!this.store.available) return this.fromDatabase(userId, query);
    try {
      return (await this.fromTimeline(userId, query)) ?? (await this.fromDatabase(userId, query));
    } catch (error) {
      if (error instanceof TimelineStoreUnavailable) return this.fromDatabase(userId, query);
      throw error;
    }
  }

  /**
   * The database query's page, for a timeline that is not built or a store that
   * did not answer. Cached FALLBACK_PAGE_TTL_MS only: the reader's next reads
   * soon reach the timeline again, and ask for its rebuild if it is still
   * missing (an enqueue that did not get through is asked again), rather than
   * being answered from this page for CACHE_TTL.
   */
  private async fromDatabase(userId: number, query: PageQueryDto): Promise<Page<number>> {
    const page = await this.feed.pageIdsFromDatabase(userId, query);
    return withCacheHint(page, { ttlMs: FALLBACK_PAGE_TTL_MS });
  }

  private async fromTimeline(
    userId: number,
    query: PageQueryDto,
  ): Promise<Page<number> | undefined> {
    const before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    const want = query.limit + 1; // one more than the page: is there a next one?
    const head = await this.store.read(userId, before, want);
    if (head === undefined) {
      void this.queue.regenerate(userId);
      return undefined;
    }
    const followed = new FollowedAuthors(userId, this.follows);
    await followed.learn([...head.entries.map((e) => e.authorId), ...head.merged]);
    const { ids: fromTimeline, complete } = await this.collect(userId, head, followed, want);
    const mergedFollowees = head.merged.filter((id) => followed.has(id));
    const merged = mergedFollowees.length
      ? (await this.feed.newestIdsByAuthors(mergedFollowees, before, want)).filter(
          (id) => id > head.floor,
        )
      : [];
    let ids = [...new Set([...fromTimeline, ...merged])].sort((a, b) => b - a).slice(0, want);
    if (ids.length < want && complete && head.floor > 0) {
      // Past the cap: the database query, over every followed author (rare: old pages).
      const authors = [userId, ...(await this.follows.followeeIds(userId))];
      const below = Math.min(before ?? Number.MAX_SAFE_INTEGER, head.floor + 1);
      const older = await this.feed.newestIdsByAuthors(authors, below, want - ids.length);
      ids = [...ids, ...older];
    }
    const items = ids.slice(0, query.limit);
    const page = {
      items,
      nextCursor: ids.length > query.limit ? encodeCursor(items[items.length - 1]) : null,
    };
    return withCacheHint(page, this.cacheHint(userId, mergedFollowees.length > 0));
  }

  /**
   * What a page read from the timeline depends on: whom the reader follows, what
   * their timeline holds (each write to it replaces `home:{id}`) and how
   * timelines are made. Not `post-lists`: a post by someone else changes no
   * page of this reader's, unless fanned out into their timeline. Posts merged
   * at read time are in no timeline: a page with such authors lives
   * MERGED_PAGE_TTL_MS, so that their new posts show within the contract's 5 s.
   */
  private cacheHint(userId: number, merges: boolean) {
    return {
      narrowTo: [names.feed(userId), names.home(userId), names.timelines],
      ...(merges ? { ttlMs: MERGED_PAGE_TTL_MS } : {}),
    };
  }

  /**
   * Up to `want` ids of followed authors from the timeline, from `head` on and
   * above its floor; `complete` when the timeline has no more of them.
   */
  private async collect(
    userId: number,
    head: { floor: number; entries: TimelineEntry[] },
    authors: FollowedAuthors,
    want: number,
  ): Promise<{ ids: number[]; complete: boolean }> {
    const ids: number[] = [];
    const unfollowed: TimelineEntry[] = [];
    let batch = head.entries;
    for (;;) {
      await authors.learn(batch.map((entry) => entry.authorId));
      for (const entry of batch) {
        if (entry.id <= head.floor) {
          this.store.forget(userId, unfollowed);
          return { ids, complete: true };
        }
        if (authors.has(entry.authorId)) ids.push(entry.id);
        else unfollowed.push(entry);
      }
      if (ids.length >= want || batch.length < want) break;
      batch = await this.store.range(userId, batch[batch.length - 1].id, want);
    }
    this.store.forget(userId, unfollowed);
    return { ids: ids.slice(0, want), complete: ids.length < want };
  }
}

/**
 * Which authors the reader follows, asked only about the authors a read
 * meets (a page's entries, the authors merged at read time): one indexed
 * statement over a few dozen ids, however many accounts the reader follows,
 * where the whole list of followees is 1,000 rows for a reader of 1,000.
 */
class FollowedAuthors {
  private readonly known = new Map<number, boolean>();

  constructor(
    private readonly reader: number,
    private readonly follows: FollowsService,
  ) {
    this.known.set(reader, true); // one's own posts
  }

  /** Asks about the authors not known yet. */
  async learn(authorIds: number[]): Promise<void> {
    const unknown = [...new Set(authorIds)].filter((id) => !this.known.has(id));
    if (unknown.length === 0) return;
    const followed = await this.follows.followedAmong(this.reader, unknown);
    for (const id of unknown) this.known.set(id, followed.has(id));
  }

  has(authorId: number): boolean {
    return this.known.get(authorId) === true;
  }
}
