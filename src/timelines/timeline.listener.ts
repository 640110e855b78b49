import { Inject, Injectable } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { AccountDeleted } from '../accounts/accounts.events.js';
import { names } from '../cache/cache-namespaces.js';
import { CacheService } from '../cache/cache.service.js';
import { OnDomainEvent } from '../common/events/domain-events.js';
import { timelineConfig } from '../config/timeline.config.js';
import { UserFollowed, UserUnfollowed } from '../follows/follows.events.js';
import { PostCreated, PostDeleted } from '../posts/posts.events.js';
import { TimelineQueue } from './timeline-jobs.js';
import { TimelineStore } from './timeline.store.js';

/**
 * Turns the features' events into timeline writes. What the writer must see
 * at once (their own new post) happens here, before the write answers; the
 * rest is a durable job for the worker. Nothing here fails a write: a store
 * or queue that cannot be reached marks the timelines for a rebuild instead.
 */
@Injectable()
export class TimelineListener {
  constructor(
    @Inject(timelineConfig.KEY) private readonly config: ConfigType<typeof timelineConfig>,
    private readonly store: TimelineStore,
    private readonly queue: TimelineQueue,
    private readonly cache: CacheService,
  ) {}

  @OnDomainEvent(PostCreated)
  async postCreated({ postId, authorId }: PostCreated): Promise<void> {
    const own = { id: postId, authorId };
    const added = await this.store.addNow(authorId, [own], this.config.maxItems).catch(() => 0);
    // A page of the author's feed read (and cached) just before the add must not be served after it.
    if (added > 0) await this.cache.invalidate([names.home(authorId)]);
    await this.queue.forRequest('fan-out', { postId, authorId, after: 0 });
  }

  @OnDomainEvent(PostDeleted)
  async postDeleted({ postId, authorId }: PostDeleted): Promise<void> {
    // Hydration already hides a deleted post; this only frees the slots.
    await this.store.removeNow(authorId, { id: postId, authorId }).catch(() => 0);
    await this.queue.forRequest('remove-post', { postId, authorId, after: 0 });
  }

  @OnDomainEvent(UserFollowed)
  async followed({ followerId, followeeId }: UserFollowed): Promise<void> {
    await this.queue.forRequest('merge', { followerId, followeeId });
  }

  @OnDomainEvent(UserUnfollowed)
  async unfollowed({ followerId, followeeId }: UserUnfollowed): Promise<void> {
    // Reads drop the author's posts at once (they filter by whom the reader follows).
    await this.queue.forRequest('unmerge', { followerId, followeeId });
  }

  @OnDomainEvent(AccountDeleted)
  async accountDeleted({ userId }: AccountDeleted): Promise<void> {
    await this.queue.forRequest('drop-account', { userId });
  }
}
