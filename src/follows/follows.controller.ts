import { Controller, Delete, Get, HttpCode, Param, Put, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Cached } from '../cache/cache.decorators.js';
import { Ns } from '../cache/cache-namespaces.js';
import { ApiError, ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Authenticated, PublicRead } from '../common/decorators/auth.decorator.js';
import { type AuthUser, CurrentUser } from '../common/decorators/current-user.decorator.js';
import { ApiPage } from '../common/pagination/api-page.decorator.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe.js';
import { Personalise } from '../personalisation/personalise.interceptor.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { FollowsService } from './follows.service.js';
import { ServedBy } from '../common/services/served-by.js';

@ApiTags('follows')
@ServedBy('follows')
@Controller('users/:id')
export class FollowsController {
  constructor(private readonly follows: FollowsService) {}

  @Put('follow')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Follow a user (idempotent)' })
  @ApiNoContentResponse({ description: 'You follow them (or already did)' })
  @ApiError(
    400,
    'The id is not a positive integer, or it is your own',
    'You cannot follow yourself',
  )
  @ApiErrors(404)
  async follow(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<void> {
    await this.follows.follow(caller.id, id);
  }

  @Delete('follow')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Unfollow a user (idempotent)' })
  @ApiNoContentResponse({ description: 'You do not follow them (any more)' })
  @ApiErrors(400, 404)
  async unfollow(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<void> {
    await this.follows.unfollow(caller.id, id);
  }

  @Get('followers')
  @PublicRead()
  @Cached({ dependsOn: [Ns.userLists] })
  @Personalise('user')
  @ApiOperation({ summary: "A user's followers, most recent follow first" })
  @ApiPage(UserResponseDto)
  @ApiErrors(400, 404)
  followers(@Param('id', ParseIdPipe) id: number, @Query() query: PageQueryDto) {
    return this.follows.followers(id, query);
  }

  @Get('following')
  @PublicRead()
  @Cached({ dependsOn: [Ns.userLists] })
  @Personalise('user')
  @ApiOperation({ summary: 'The users a user follows, most recent follow first' })
  @ApiPage(UserResponseDto)
  @ApiErrors(400, 404)
  following(@Param('id', ParseIdPipe) id: number, @Query() query: PageQueryDto) {
    return this.follows.following(id, query);
  }
}
