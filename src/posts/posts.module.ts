import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { FeedController } from './feed.controller.js';
import { FeedRepository } from './feed.repository.js';
import { FeedService } from './feed.service.js';
import { LikesService } from './likes.service.js';
import { PostLike } from './post-like.entity.js';
import { Post } from './post.entity.js';
import { PostsController } from './posts.controller.js';
import { PostsService } from './posts.service.js';
import { UserLikesController } from './user-likes.controller.js';

/** Posts, likes and the home feed. */
@Module({
  imports: [TypeOrmModule.forFeature([Post, PostLike]), UsersModule],
  controllers: [PostsController, UserLikesController, FeedController],
  providers: [PostsService, LikesService, FeedService, FeedRepository],
})
export class PostsModule {}
