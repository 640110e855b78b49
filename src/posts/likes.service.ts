import { Injectable, NotFoundException } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { isForeignKeyViolation } from '../common/database-errors.js';
import { DomainEvents } from '../common/events/domain-events.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { TransactionService, Undo } from '../database/transaction.service.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { UsersService } from '../users/users.service.js';
import { LikesRepository } from './likes.repository.js';
import { PostLiked, PostUnliked } from './posts.events.js';
import { PostsRepository } from './posts.repository.js';
import { PostsService } from './posts.service.js';

/**
 * Likes and `likesCount`. The post row is locked (by moving its counter)
 * before the pair is written or removed, so concurrent likes of one post
 * serialize, and the counter moves exactly once per row written: a write that
 * finds nothing to do is rolled back, counter and all.
 */
@Injectable()
export class LikesService {
  constructor(
    private readonly likes: LikesRepository,
    private readonly posts: PostsService,
    private readonly postRows: PostsRepository,
    private readonly users: UsersService,
    private readonly tx: TransactionService,
    private readonly events: DomainEvents,
  ) {}

  async like(userId: number, postId: number): Promise<void> {
    const written = await this.tx.run(async (manager) => {
      await this.moveCounter(manager, postId, 1);
      try {
        if (await this.likes.insert(manager, userId, postId)) return true;
      } catch (error) {
        // The post is locked, so the missing row is the caller's own account,
        // deleted after the token was checked: as for a post or a follow, a 404.
        if (isForeignKeyViolation(error)) {
          throw new NotFoundException('Your account no longer exists');
        }
        throw error;
      }
      throw new Undo(false); // liked already: the counter goes back
    });
    if (written) await this.events.publish(new PostLiked(postId, userId));
  }

  async unlike(userId: number, postId: number): Promise<void> {
    const removed = await this.tx.run(async (manager) => {
      await this.moveCounter(manager, postId, -1);
      if (await this.likes.delete(manager, userId, postId)) return true;
      throw new Undo(false); // not liked: the counter goes back
    });
    if (removed) await this.events.publish(new PostUnliked(postId, userId));
  }

  /** Who liked a post, most recent like first. */
  async likers(postId: number, query: PageQueryDto): Promise<Page<UserResponseDto>> {
    await this.posts.assertExists(postId);
    return paginate(
      query,
      ({ before, take }) => this.likes.page('postId', postId, before, take),
      (like) => like.id,
      (rows) => this.users.getMany(rows.map((like) => like.userId)),
    );
  }

  /** Ids of the posts a user liked, most recent like first; see PostHydrator for the posts. */
  async likedIds(userId: number, query: PageQueryDto): Promise<Page<number>> {
    await this.users.assertExists(userId);
    return paginate(
      query,
      ({ before, take }) => this.likes.page('userId', userId, before, take),
      (like) => like.id,
      (rows) => rows.map((like) => like.postId),
    );
  }

  /** Which of `postIds` the viewer likes. */
  likedAmong(viewerId: number, postIds: number[]): Promise<Set<number>> {
    return this.likes.likedAmong(viewerId, postIds);
  }

  /**
   * Moves the post's counter first: the statement that does it also locks the
   * post's row, and finds no row for a post that does not exist, so a like is
   * four statements (with BEGIN and COMMIT) whether or not it writes a row.
   */
  private async moveCounter(manager: EntityManager, postId: number, delta: 1 | -1): Promise<void> {
    if ((await this.postRows.addToLikesCount(manager, [postId], delta)) === 0) {
      throw new NotFoundException('Post not found');
    }
  }

  /**
   * Forgets a user who is being deleted, inside the deleting transaction:
   * every post they liked counts one like less, then their likes go.
   */
  async forgetUser(manager: EntityManager, userId: number): Promise<void> {
    const liked = await this.likes.postIdsLikedBy(manager, userId);
    for (let i = 0; i < liked.length; i += 500) {
      await this.postRows.addToLikesCount(manager, liked.slice(i, i + 500), -1);
    }
    await this.likes.deleteAllBy(manager, userId);
  }
}
