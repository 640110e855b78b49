import { Injectable } from '@nestjs/common';
import { FollowsService } from '../follows/follows.service.js';
import { type Page } from '../common/pagination/page.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { paginatePostRows } from './post-rows-page.js';
import { PostsRepository } from './posts.repository.js';

/** A post id in a timeline, with its author (so that a feed can drop unfollowed authors). */
export interface TimelineEntry {
  id: number;
  authorId: number;
}

/**
 * Where a feed page can come from before the database: precomputed timelines
 * (src/timelines registers one when Redis is configured). `undefined` means
 * "not from here this time" (the timeline is not built, or Redis is away),
 * and the page is read from the database.
 */
export interface FeedSource {
  pageIds(userId: number, query: PageQueryDto): Promise<Page<number> | undefined>;
}

/** The home feed: posts by the users the caller follows and by the caller, newest first. */
@Injectable()
export class FeedService {
  private source?: FeedSource;

  constructor(
    private readonly follows: FollowsService,
    private readonly posts: PostsRepository,
  ) {}

  /** Serves feeds from `source` first (one source: the timelines module's). */
  useSource(source: FeedSource): void {
    this.source = source;
  }

  /** The ids of a page of the caller's feed; see PostHydrator for the posts. */
  async pageIds(userId: number, query: PageQueryDto): Promise<Page<number>> {
    return (await this.source?.pageIds(userId, query)) ?? this.pageIdsFromDatabase(userId, query);
  }

  /** The same page, from the database: one statement over every followed author. */
  async pageIdsFromDatabase(userId: number, query: PageQueryDto): Promise<Page<number>> {
    const authors = [userId, ...(await this.follows.followeeIds(userId))];
    return paginatePostRows(query, ({ before, take }) =>
      this.posts.newestByAuthors(authors, before, take),
    );
  }

  /** The newest `take` post ids below `before` (if given) by any of `authorIds`. */
  newestIdsByAuthors(authorIds: number[], before: number | undefined, take: number) {
    return authorIds.length === 0
      ? Promise.resolve([])
      : this.posts.newestIdsByAuthors(authorIds, before, take);
  }

  /** The newest `take` posts by any of `authorIds`, with their authors: a timeline's content. */
  async newestEntries(authorIds: number[], take: number): Promise<TimelineEntry[]> {
    const rows = await this.posts.newestByAuthors(authorIds, undefined, take);
    return rows.map(({ id, authorId }) => ({ id, authorId }));
  }

  /** One author's newest `take` post ids. */
  newestIdsOf(authorId: number, take: number): Promise<number[]> {
    return this.posts.pageIds(authorId, undefined, take);
  }

  postExists(id: number): Promise<boolean> {
    return this.posts.exists(id);
  }
}
