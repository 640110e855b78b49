import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type FindOptionsWhere, LessThan, Repository } from 'typeorm';
import { placeholders } from '../database/dialect.js';
import { PostLike } from './post-like.entity.js';

/** A like as lists need it: the pair and the id that orders it. */
export type LikeRow = Pick<PostLike, 'id' | 'postId' | 'userId'>;

/** Every statement on the `post_like` table. */
@Injectable()
export class LikesRepository {
  constructor(@InjectRepository(PostLike) private readonly likes: Repository<PostLike>) {}

  exists(manager: EntityManager, userId: number, postId: number): Promise<boolean> {
    return manager.existsBy(PostLike, { userId, postId });
  }

  async insert(manager: EntityManager, userId: number, postId: number): Promise<void> {
    await manager.insert(PostLike, { userId, postId });
  }

  /** Removes the pair; whether there was one. */
  async delete(manager: EntityManager, userId: number, postId: number): Promise<boolean> {
    const { affected } = await manager.delete(PostLike, { userId, postId });
    return Boolean(affected);
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
