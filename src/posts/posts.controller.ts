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
import { ApiErrors } from '../common/decorators/api-errors.decorator.js';
import { Authenticated, PublicRead } from '../common/decorators/auth.decorator.js';
import { type AuthUser, CurrentUser } from '../common/decorators/current-user.decorator.js';
import { ApiPage } from '../common/pagination/api-page.decorator.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe.js';
import { Personalise } from '../personalisation/personalise.interceptor.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { CreatePostDto } from './dto/create-post.dto.js';
import { ListPostsQueryDto } from './dto/list-posts-query.dto.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { UpdatePostDto } from './dto/update-post.dto.js';
import { LikesService } from './likes.service.js';
import { PostsService } from './posts.service.js';

@ApiTags('posts')
@Controller('posts')
export class PostsController {
  constructor(
    private readonly posts: PostsService,
    private readonly likes: LikesService,
  ) {}

  @Post()
  @Authenticated()
  @Personalise('post')
  @ApiOperation({ summary: 'Publish a post' })
  @ApiCreatedResponse({
    type: PostResponseDto,
    description: 'Created; `Location` names the new post',
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
  @Personalise('post')
  @ApiOperation({ summary: 'List posts, newest first: all of them, or one author’s' })
  @ApiPage(PostResponseDto)
  @ApiErrors(400)
  list(@Query() query: ListPostsQueryDto) {
    return this.posts.list(query);
  }

  @Get(':id')
  @PublicRead()
  @Personalise('post')
  @ApiOperation({ summary: 'Get a post' })
  @ApiOkResponse({ type: PostResponseDto })
  @ApiErrors(400, 404)
  get(@Param('id', ParseIdPipe) id: number) {
    return this.posts.get(id);
  }

  @Patch(':id')
  @Authenticated()
  @Personalise('post')
  @ApiOperation({ summary: 'Edit your post' })
  @ApiOkResponse({ type: PostResponseDto })
  @ApiErrors(400, 403, 404)
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
  @ApiNoContentResponse()
  @ApiErrors(400, 403, 404)
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
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  async like(@CurrentUser() caller: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    await this.likes.like(caller.id, id);
  }

  @Delete(':id/like')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Remove your like (idempotent)' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  async unlike(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseIdPipe) id: number,
  ): Promise<void> {
    await this.likes.unlike(caller.id, id);
  }

  @Get(':id/likes')
  @PublicRead()
  @Personalise('user')
  @ApiOperation({ summary: 'Who liked a post, most recent like first' })
  @ApiPage(UserResponseDto)
  @ApiErrors(400, 404)
  likers(@Param('id', ParseIdPipe) id: number, @Query() query: PageQueryDto) {
    return this.likes.likers(id, query);
  }
}
