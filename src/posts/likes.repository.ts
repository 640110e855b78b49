import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type FindOptionsWhere, LessThan, Repository } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import { placeholders } from '../database/dialect.js';
import { runWrite } from '../database/write-statement.js';
import { PostLike } from './post-like.entity.js';

/** A like as lists need it: the pair and the id that orders it. */
export type LikeRow = Pick<PostLike, 'id' | 'postId' | 'userId'>;

/** Every statement on the `post_like` table. */
@Injectable()
export class LikesRepository {
  constructor(@InjectRepository(PostLike) private readonly likes: Repository<PostLike>) {}

  /**
   * Writes the pair; false if it was there already (the unique index says so,
   * in the same statement). A missing post or user is a foreign key error,
   * left to the caller: INSERT IGNORE would hide it as well.
   */
  async insert(manager: EntityManager, userId: number, postId: number): Promise<boolean> {
    try {
      await runWrite(manager, 'INSERT INTO post_like (post, user) VALUES (?, ?)', [postId, userId]);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Removes the pair; whether there was one. */
  async delete(manager: EntityManager, userId: number, postId: number): Promise<boolean> {
    const { affected } = await runWrite(
      manager,
      'DELETE FROM post_like WHERE post = ? AND user = ?',
      [postId, userId],
    );
    return affected > 0;
  }

  /** Likes of one post (`postId`) or by one user (`userId`), most recent first. */
  page(
    side: 'postId' | 'userId',
    id: number,
    before: number | undefined,
    take: number,
  ): Promise<LikeRow[]> {
    const where: FindOptionsWhere<PostLike> = { [side]: id };
    if (before !== undefined) where.id = LessThan(before);
    return this.likes.find({
      select: { id: true, postId: true, userId: true },
      where,
      order: { id: 'DESC' },
      take,
    });
  }

  /** Which of `postIds` the viewer likes: on every personalised response, so written by hand. */
  async likedAmong(viewerId: number, postIds: number[]): Promise<Set<number>> {
    if (postIds.length === 0) return new Set();
    const unique = [...new Set(postIds)];
    const rows: { id: number | string }[] = await this.likes.query(
      `SELECT post AS id FROM post_like WHERE user = ? AND post IN (${placeholders(unique.length)})`,
      [viewerId, ...unique],
    );
    return new Set(rows.map((row) => Number(row.id)));
  }

  /** Every post the user likes, inside the caller's transaction. */
  async postIdsLikedBy(manager: EntityManager, userId: number): Promise<number[]> {
    const rows: { id: number | string }[] = await manager.query(
      'SELECT post AS id FROM post_like WHERE user = ?',
      [userId],
    );
    return rows.map((row) => Number(row.id));
  }

  async deleteAllBy(manager: EntityManager, userId: number): Promise<void> {
    await manager.delete(PostLike, { userId });
  }
}
