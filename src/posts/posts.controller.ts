import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Cached } from '../cache/cache.decorators.js';
import { Ns, param } from '../cache/cache-namespaces.js';
import { ApiError, ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Authenticated, PublicRead } from '../common/decorators/auth.decorator.js';
import { type AuthUser, CurrentUser } from '../common/decorators/current-user.decorator.js';
import { ApiPage } from '../common/pagination/api-page.decorator.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe.js';
import { Personalise } from '../personalisation/personalise.interceptor.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { HydratePosts } from './hydrate-posts.interceptor.js';
import { CreatePostDto } from './dto/create-post.dto.js';
import { ListPostsQueryDto } from './dto/list-posts-query.dto.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { UpdatePostDto } from './dto/update-post.dto.js';
import { LikesService } from './likes.service.js';
import { PostsService } from './posts.service.js';
import { ServedBy } from '../common/services/served-by.js';

const ApiPostNotFound = () => ApiError(404, 'No post with this id', 'Post not found');

@ApiTags('posts')
@ServedBy('posts')
@Controller('posts')
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly likes: LikesService,
  ) {}

  @Post()
  @Authenticated()
  @Personalise('post', { created: true })
  @ApiOperation({ summary: 'Publish a post' })
  @ApiCreatedResponse({
    type: PostResponseDto,
    description: 'Published',
    headers: {
      Location: {
        description: 'The URL of the new post',
        schema: { type: 'string', example: '/api/posts/7' },
      },
    },
  })
  @ApiErrors(400)
  async create(
    @CurrentUser() caller: AuthUser,
    @Body() dto: CreatePostDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<PostResponseDto> {
    const post = await this.posts.create(caller.id, dto);
    reply.header('Location', `/api/posts/${post.id}`);
    return post;
  }

  @Get()
  @PublicRead()
  @Cached({ dependsOn: [Ns.postLists] })
  @HydratePosts()
  @Personalise('post')
  @ApiOperation({ summary: 'List posts, newest first: all of them, or one author’s' })
  @ApiPage(PostResponseDto)
  @ApiErrors(400)
  list(@Query() query: ListPostsQueryDto) {
    return this.posts.listIds(query);
  }

  @Get(':id')
  @PublicRead()
  @Cached({ dependsOn: [Ns.post(param('id')), Ns.authors] })
  @Personalise('post')
  @ApiOperation({ summary: 'Get a post' })
  @ApiOkResponse({ type: PostResponseDto, description: 'The post' })
  @ApiErrors(400)
  @ApiPostNotFound()
  get(@Param('id', ParseIdPipe) id: number) {
    return this.posts.get(id);
  }

  @Patch(':id')
  @Authenticated()
  @Personalise('post')
  @ApiOperation({ summary: 'Edit your post' })
  @ApiOkResponse({ type: PostResponseDto, description: 'The edited post' })
  @ApiErrors(400, 403)
  @ApiPostNotFound()
  update(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdatePostDto,
  ) {
    return this.posts.update(caller.id, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Delete your post' })
  @ApiNoContentResponse({ description: 'Deleted, with its likes' })
  @ApiErrors(400, 403)
  @ApiPostNotFound()
  async remove(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<void> {
    await this.posts.remove(caller.id, id);
  }

  @Put(':id/like')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Like a post (idempotent)' })
  @ApiNoContentResponse({ description: 'You like it (or already did)' })
  @ApiErrors(400)
  @ApiPostNotFound()
  async like(@CurrentUser() caller: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.likes.like(caller.id, id);
  }

  @Delete(':id/like')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Remove your like (idempotent)' })
  @ApiNoContentResponse({ description: 'You do not like it (any more)' })
  @ApiErrors(400)
  @ApiPostNotFound()
  async unlike(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<void> {
    await this.likes.unlike(caller.id, id);
  }

  @Get(':id/likes')
  @PublicRead()
  @Cached({ dependsOn: [Ns.post(param('id')), Ns.userLists] })
  @Personalise('user')
  @ApiOperation({ summary: 'Who liked a post, most recent like first' })
  @ApiPage(UserResponseDto)
  @ApiErrors(400)
  @ApiPostNotFound()
  likers(@Param('id', ParseIdPipe) id: number, @Query() query: PageQueryDto) {
    return this.likes.likers(id, query);
  }
}
