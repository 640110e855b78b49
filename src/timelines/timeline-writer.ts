import { Inject, Injectable } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { names } from '../cache/cache-namespaces.js';
import { CacheService } from '../cache/cache.service.js';
import { timelineConfig } from '../config/timeline.config.js';
import { FollowsService } from '../follows/follows.service.js';
import { FeedService } from '../posts/feed.service.js';
import { UsersService } from '../users/users.service.js';
import { type TimelineJobs, TimelineQueue } from './timeline-jobs.js';
import { TimelineStore } from './timeline.store.js';

/**
 * What each timeline job does (the worker calls these). Every step is
 * idempotent, so a retried job, or a batch run twice, changes nothing more.
 * A job that changed what a feed shows replaces the versions of the cached
 * feed pages it changed: a page read before the change is not served after it.
 */
@Injectable()
export class TimelineWriter {
  constructor(
    @Inject(timelineConfig.KEY) private readonly config: ConfigType<typeof timelineConfig>,
    private readonly store: TimelineStore,
    private readonly queue: TimelineQueue,
    private readonly feed: FeedService,
    private readonly follows: FollowsService,
    private readonly users: UsersService,
    private readonly cache: CacheService,
  ) {}

  private get cap(): number {
    return this.config.maxItems;
  }

  async fanOut({ postId, authorId, after }: TimelineJobs['fan-out']): Promise<void> {
    if (after === 0 && (await this.mergedAtRead(authorId))) return;
    if (!(await this.feed.postExists(postId))) return; // deleted meanwhile
    const batch = await this.follows.followerBatch(authorId, after, this.config.fanoutBatchSize);
    const entry = { id: postId, authorId };
    await this.store.addToMany(batch.followerIds, entry, this.cap);
    // Deleted while this batch ran: its removal may have passed these timelines already.
    if (!(await this.feed.postExists(postId))) {
      return this.store.removeFromMany(batch.followerIds, entry);
    }
    // The batch's followers' cached feed pages, in one write. All of them, not only the
    // timelines that took the post: a page cached from a timeline since lost (evicted)
    // must miss too, so that its next read finds the timeline gone and asks the database.
    await this.cache.invalidate(batch.followerIds.map((id) => names.home(id)));
    if (batch.next !== undefined) {
      await this.queue.nextBatch('fan-out', { postId, authorId, after: batch.next });
    }
  }

  async removePost({ postId, authorId, after }: TimelineJobs['remove-post']): Promise<void> {
    const batch = await this.follows.followerBatch(authorId, after, this.config.fanoutBatchSize);
    await this.store.removeFromMany(batch.followerIds, { id: postId, authorId });
    if (batch.next !== undefined) {
      await this.queue.nextBatch('remove-post', { postId, authorId, after: batch.next });
    }
  }

  async merge({ followerId, followeeId }: TimelineJobs['merge']): Promise<void> {
    // Checked now, not when enqueued: an unfollow since then wins.
    if (!(await this.follows.isFollowing(followerId, followeeId))) return;
    if (await this.store.isMerged(followeeId)) return; // read time brings them in
    // As many as a timeline holds, so that a complete timeline stays complete.
    const ids = await this.feed.newestIdsOf(followeeId, this.cap);
    const entries = ids.map((id) => ({ id, authorId: followeeId }));
    if ((await this.store.add(followerId, entries, this.cap)) > 0) {
      await this.cache.invalidate([names.home(followerId)]);
    }
  }

  async unmerge({ followerId, followeeId }: TimelineJobs['unmerge']): Promise<void> {
    // A follow since then wins.
    if (await this.follows.isFollowing(followerId, followeeId)) return;
    await this.store.removeAuthor(followerId, followeeId);
    // Followed again while this ran: that follow's merge may have come first.
    if (await this.follows.isFollowing(followerId, followeeId)) {
      await this.merge({ followerId, followeeId });
    }
  }

  async dropAccount({ userId }: TimelineJobs['drop-account']): Promise<void> {
    // Their posts in followers' timelines are gone from the database; reads skip
    // them (the reader no longer follows them) and forget them as they go.
    await this.store.drop(userId);
  }

  /** Rebuilds a timeline from the database: the same newest posts the feed query returns. */
  async regenerate({ userId }: TimelineJobs['regenerate']): Promise<void> {
    const rebuild = await this.store.begin(userId);
    const authors = [userId, ...(await this.follows.followeeIds(userId))];
    const entries = await this.feed.newestEntries(authors, this.cap);
    // A full read may have left older posts out: they are read from the database.
    const floor = entries.length >= this.cap ? entries[entries.length - 1].id - 1 : 0;
    await this.store.finish(userId, rebuild, floor, entries, this.cap);
  }

  /**
   * Whether the author's posts are merged into feeds at read time rather than
   * fanned out: once an author has more followers than FANOUT_MAX_FOLLOWERS,
   * for good, so that no post of theirs is ever in neither place.
   */
  private async mergedAtRead(authorId: number): Promise<boolean> {
    if (await this.store.isMerged(authorId)) return true;
    const followersCount = (await this.users.counter(authorId, 'followersCount')) ?? 0;
    if (followersCount <= this.config.fanoutMaxFollowers) return false;
    await this.store.markMerged(authorId);
    // Pages cached before this moment would lack the post that made them merged.
    await this.cache.invalidate([names.timelines]);
    return true;
  }
}
