import { Injectable } from '@nestjs/common';
import { type Page, paginate } from '../common/pagination/page.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { FeedRepository } from './feed.repository.js';
import { toPostResponse } from './post.mapper.js';

/** Posts by the users the caller follows and by the caller, newest first. */
@Injectable()
export class FeedService {
  constructor(private readonly feed: FeedRepository) {}

  async page(userId: number, query: PageQueryDto): Promise<Page<PostResponseDto>> {
    const authors = await this.feed.authorIds(userId);
    return paginate(
      query,
      (window) => this.feed.pageIds(authors, window),
      (id) => id,
      async (ids) => (await this.feed.posts(ids)).map(toPostResponse),
    );
  }
}
