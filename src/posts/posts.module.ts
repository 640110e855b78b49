import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FollowsModule } from '../follows/follows.module.js';
import { UsersModule } from '../users/users.module.js';
import { FeedController } from './feed.controller.js';
import { FeedService } from './feed.service.js';
import { HydratePostsInterceptor } from './hydrate-posts.interceptor.js';
import { LikedViewerState } from './liked.viewer-state.js';
import { LikesRepository } from './likes.repository.js';
import { LikesService } from './likes.service.js';
import { PostHydrator } from './post-hydrator.js';
import { PostLike } from './post-like.entity.js';
import { Post } from './post.entity.js';
import { PostsController } from './posts.controller.js';
import { PostsRepository } from './posts.repository.js';
import { PostsService } from './posts.service.js';
import { UserLikesController } from './user-likes.controller.js';

/** Posts, likes and the home feed; owns `post` and `post_like`. */
@Module({
  imports: [TypeOrmModule.forFeature([Post, PostLike]), UsersModule, FollowsModule],
  controllers: [PostsController, UserLikesController, FeedController],
  providers: [
    PostsRepository,
    LikesRepository,
    PostHydrator,
    HydratePostsInterceptor,
    PostsService,
    LikesService,
    FeedService,
    LikedViewerState,
  ],
  exports: [PostsService, LikesService, FeedService],
})
export class PostsModule {}
