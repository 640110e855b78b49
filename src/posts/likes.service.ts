import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, Repository } from 'typeorm';
import { isForeignKeyViolation } from '../common/database-errors.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { findJoined } from '../database/find-joined.js';
import { TransactionService } from '../database/transaction.service.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { toUserResponse } from '../users/user.mapper.js';
import { UsersService } from '../users/users.service.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { PostLike } from './post-like.entity.js';
import { Post } from './post.entity.js';
import { PostsService } from './posts.service.js';

/**
 * Likes and `likesCount`. The post row is locked before the pair is checked,
 * so concurrent likes of one post serialize and the counter moves exactly once
 * per row written.
 */
@Injectable()
export class LikesService {
  constructor(
    @InjectRepository(PostLike) private readonly likes: Repository<PostLike>,
    private readonly posts: PostsService,
    private readonly users: UsersService,
    private readonly tx: TransactionService,
  ) {}

  async like(userId: number, postId: number): Promise<void> {
    await this.tx.run(async (manager) => {
      await this.posts.lockPost(manager, postId);
      const pair = { userId, postId };
      if (await manager.existsBy(PostLike, pair)) return;
      try {
        await manager.insert(PostLike, pair);
      } catch (error) {
        // The post is locked, so the missing row is the caller's own account,
        // deleted after the token was checked: as for a post or a follow, a 404.
        if (isForeignKeyViolation(error)) {
          throw new NotFoundException('Your account no longer exists');
        }
        throw error;
      }
      await this.addToLikesCount(manager, postId, 1);
    });
  }

  async unlike(userId: number, postId: number): Promise<void> {
    await this.tx.run(async (manager) => {
      await this.posts.lockPost(manager, postId);
      const { affected } = await manager.delete(PostLike, { userId, postId });
      if (affected) await this.addToLikesCount(manager, postId, -1);
    });
  }

  /**
   * A like is not an edit of the post: `updated_at` is assigned its own value,
   * since TypeORM's increment would restamp it, and so would MySQL's ON UPDATE.
   */
  private async addToLikesCount(manager: EntityManager, postId: number, delta: 1 | -1) {
    await manager
      .createQueryBuilder()
      .update(Post)
      .set({
        likesCount: () => `likes_count ${delta > 0 ? '+' : '-'} 1`,
        updatedAt: () => 'updated_at',
      })
      .where({ id: postId })
      .execute();
  }

  /** Who liked a post, most recent like first. */
  async likers(postId: number, query: PageQueryDto): Promise<Page<UserResponseDto>> {
    await this.posts.assertExists(postId);
    return paginate(
      query,
      ({ before, take }) =>
        findJoined(this.likes, {
          where: before === undefined ? { postId } : { postId, id: LessThan(before) },
          relations: { user: true },
          order: { id: 'DESC' },
          take,
        }),
      (like) => like.id,
      (rows) => rows.map((like) => toUserResponse(like.user!)),
    );
  }

  /** The posts a user liked, most recent like first. */
  async likedBy(userId: number, query: PageQueryDto): Promise<Page<PostResponseDto>> {
    await this.users.assertExists(userId);
    return paginate(
      query,
      ({ before, take }) =>
        this.likes.find({
          select: { id: true, postId: true },
          where: before === undefined ? { userId } : { userId, id: LessThan(before) },
          order: { id: 'DESC' },
          take,
        }),
      (like) => like.id,
      (rows) => this.posts.getMany(rows.map((like) => like.postId)),
    );
  }
}
