import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, type FindOptionsWhere, LessThan, Repository } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import { placeholders } from '../database/dialect.js';
import { runWrite } from '../database/write-statement.js';
import { UserFollow } from './user-follow.entity.js';

/** A follow row as lists need it: the pair and the id that orders it. */
export type FollowRow = Pick<UserFollow, 'id' | 'userFrom' | 'userTo'>;

/** Every statement on the `user_follow` table. */
@Injectable()
export class FollowsRepository {
  constructor(@InjectRepository(UserFollow) private readonly follows: Repository<UserFollow>) {}

  /**
   * Writes the pair; false if it was there already (the unique index says so,
   * in the same statement). A missing user is a foreign key error, left to the caller.
   */
  async insert(manager: EntityManager, userFrom: number, userTo: number): Promise<boolean> {
    try {
      await runWrite(manager, 'INSERT INTO user_follow (user_from, user_to) VALUES (?, ?)', [
        userFrom,
        userTo,
      ]);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Removes the pair; whether there was one. */
  async delete(manager: EntityManager, userFrom: number, userTo: number): Promise<boolean> {
    const { affected } = await runWrite(
      manager,
      'DELETE FROM user_follow WHERE user_from = ? AND user_to = ?',
      [userFrom, userTo],
    );
    return affected > 0;
  }

  /** Follows of one side (`userTo` for followers, `userFrom` for followees), newest first. */
  page(
    side: 'userFrom' | 'userTo',
    userId: number,
    before: number | undefined,
    take: number,
  ): Promise<FollowRow[]> {
    const where: FindOptionsWhere<UserFollow> = { [side]: userId };
    if (before !== undefined) where.id = LessThan(before);
    return this.follows.find({
      select: { id: true, userFrom: true, userTo: true },
      where,
      order: { id: 'DESC' },
      take,
    });
  }

  /** Everyone the user follows: on the path of every feed read, so written by hand. */
  async followeeIds(userId: number, manager?: EntityManager): Promise<number[]> {
    const rows: { id: number | string }[] = await (manager ?? this.follows.manager).query(
      'SELECT user_to AS id FROM user_follow WHERE user_from = ?',
      [userId],
    );
    return rows.map((row) => Number(row.id));
  }

  /** Everyone who follows the user. */
  async followerIds(userId: number, manager: EntityManager): Promise<number[]> {
    const rows: { id: number | string }[] = await manager.query(
      'SELECT user_from AS id FROM user_follow WHERE user_to = ?',
      [userId],
    );
    return rows.map((row) => Number(row.id));
  }

  /** A batch of the user's followers, oldest follow first, after the follow id `after`. */
  followersAfter(userId: number, after: number, take: number): Promise<FollowRow[]> {
    return this.rows(
      'SELECT id, user_from AS userFrom, user_to AS userTo FROM user_follow ' +
        'WHERE user_to = ? AND id > ? ORDER BY id ASC LIMIT ?',
      [userId, after, take],
    );
  }

  /** Which of `ids` the viewer follows: on every personalised response, so written by hand. */
  async followedAmong(viewerId: number, ids: number[]): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const unique = [...new Set(ids)];
    const rows: { id: number | string }[] = await this.follows.query(
      `SELECT user_to AS id FROM user_follow WHERE user_from = ? AND user_to IN (${placeholders(unique.length)})`,
      [viewerId, ...unique],
    );
    return new Set(rows.map((row) => Number(row.id)));
  }

  /** Follow rows by literal SQL (the fan-out's batches: TypeORM's find() built it anew each time). */
  private async rows(sql: string, parameters: unknown[]): Promise<FollowRow[]> {
    const rows: Record<keyof FollowRow, number | string>[] = await this.follows.query(
      sql,
      parameters,
    );
    return rows.map((row) => ({
      id: Number(row.id),
      userFrom: Number(row.userFrom),
      userTo: Number(row.userTo),
    }));
  }

  /** Removes every follow from or to the user, inside the caller's transaction. */
  async deleteAllOf(manager: EntityManager, userId: number): Promise<void> {
    await manager.delete(UserFollow, { userFrom: userId });
    await manager.delete(UserFollow, { userTo: userId });
  }
}
