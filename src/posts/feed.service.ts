import { Injectable } from '@nestjs/common';
import { type Page, paginate } from '../common/pagination/page.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { FollowsService } from '../follows/follows.service.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { FeedRepository } from './feed.repository.js';
import { PostsService } from './posts.service.js';

/** Posts by the users the caller follows and by the caller, newest first. */
@Injectable()
export class FeedService {
  constructor(
    private readonly follows: FollowsService,
    private readonly feed: FeedRepository,
    private readonly posts: PostsService,
  ) {}

  async page(userId: number, query: PageQueryDto): Promise<Page<PostResponseDto>> {
    const authors = [userId, ...(await this.follows.followedIds(userId))];
    return paginate(
      query,
      (window) => this.feed.pageIds(authors, window),
      (id) => id,
      (ids) => this.posts.getMany(ids),
    );
  }
}
