import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Cached } from '../cache/cache.decorators.js';
import { Ns, param } from '../cache/cache-namespaces.js';
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { PublicRead } from '../common/decorators/auth.decorator.js';
import { ApiPage } from '../common/pagination/api-page.decorator.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe.js';
import { Personalise } from '../personalisation/personalise.interceptor.js';
import { HydratePosts } from './hydrate-posts.interceptor.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { LikesService } from './likes.service.js';
import { ServedBy } from '../common/services/served-by.js';

@ApiTags('posts')
@ServedBy('posts')
@Controller('users/:id/likes')
export class UserLikesController {
  constructor(private readonly likes: LikesService) {}

  @Get()
  @PublicRead()
  @Cached({ dependsOn: [Ns.likesOf(param('id')), Ns.postLists] })
  @HydratePosts()
  @Personalise('post')
  @ApiOperation({ summary: 'The posts a user liked, most recent like first' })
  @ApiPage(PostResponseDto)
  @ApiErrors(400, 404)
  likedBy(@Param('id', ParseIdPipe) id: number, @Query() query: PageQueryDto) {
    return this.likes.likedIds(id, query);
  }
}
