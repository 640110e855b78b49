import { Injectable } from '@nestjs/common';
import { FollowsService } from '../follows/follows.service.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { PostsRepository } from './posts.repository.js';

/** The home feed: posts by the users the caller follows and by the caller, newest first. */
@Injectable()
export class FeedService {
  constructor(
    private readonly follows: FollowsService,
    private readonly posts: PostsRepository,
  ) {}

  /** The ids of a page of the caller's feed; see PostHydrator for the posts. */
  async pageIds(userId: number, query: PageQueryDto): Promise<Page<number>> {
    const authors = [userId, ...(await this.follows.followeeIds(userId))];
    return paginate(
      query,
      ({ before, take }) => this.posts.newestIdsByAuthors(authors, before, take),
      (id) => id,
      (ids) => ids,
    );
  }
}
