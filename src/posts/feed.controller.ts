import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Cached } from '../cache/cache.decorators.js';
import { caller, Ns } from '../cache/cache-namespaces.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Authenticated } from '../common/decorators/auth.decorator.js';
import { type AuthUser, CurrentUser } from '../common/decorators/current-user.decorator.js';
import { ApiPage } from '../common/pagination/api-page.decorator.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { Personalise } from '../personalisation/personalise.interceptor.js';
import { HydratePosts } from './hydrate-posts.interceptor.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { FeedService } from './feed.service.js';
import { ServedBy } from '../common/services/served-by.js';

@ApiTags('posts')
@ServedBy('posts')
@Controller('feed')
export class FeedController {
  constructor(private readonly feed: FeedService) {}

  @Get()
  @Authenticated()
  // From the database query a page depends on which posts exist (`post-lists`); from a
  // timeline on the reader's timeline only (`home`, `timelines`): the source narrows it.
  @Cached({
    dependsOn: [Ns.feed(caller), Ns.home(caller), Ns.timelines, Ns.postLists],
    perCaller: true,
  })
  @HydratePosts()
  @Personalise('post')
  @ApiOperation({ summary: 'Your home feed: posts by you and the users you follow, newest first' })
  @ApiPage(PostResponseDto)
  @ApiErrors(400)
  page(@CurrentUser() caller: AuthUser, @Query() query: PageQueryDto) {
    return this.feed.pageIds(caller.id, query);
  }
}
