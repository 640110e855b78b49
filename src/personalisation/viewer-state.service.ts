import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type ObjectLiteral, Repository } from 'typeorm';
import { placeholders, sqlNames } from '../database/hand-written-sql.js';
import { UserFollow } from '../follows/user-follow.entity.js';
import { PostLike } from '../posts/post-like.entity.js';

/**
 * The caller's relation to a batch of users or posts: one query per batch, never
 * per item. It runs on every personalised response, cache hits included, so the
 * statement is written by hand (see hand-written-sql.ts).
 */
@Injectable()
export class ViewerStateService {
  constructor(
    @InjectRepository(UserFollow) private readonly follows: Repository<UserFollow>,
    @InjectRepository(PostLike) private readonly likes: Repository<PostLike>,
  ) {}

  followedAmong(viewerId: number, userIds: number[]): Promise<Set<number>> {
    return this.among(this.follows, 'userFrom', 'userTo', viewerId, userIds);
  }

  likedAmong(viewerId: number, postIds: number[]): Promise<Set<number>> {
    return this.among(this.likes, 'userId', 'postId', viewerId, postIds);
  }

  /** Which of `ids` (in column `target`) a row of the table links to the viewer (in `viewer`). */
  private async among<T extends ObjectLiteral>(
    repository: Repository<T>,
    viewer: keyof T & string,
    target: keyof T & string,
    viewerId: number,
    ids: number[],
  ): Promise<Set<number>> {
    if (ids.length === 0) return new Set();
    const unique = [...new Set(ids)];
    const [table, viewerColumn, targetColumn] = sqlNames(repository, viewer, target);
    const rows: { id: number | string }[] = await repository.query(
      `SELECT ${targetColumn} AS id FROM ${table} WHERE ${viewerColumn} = ? AND ${targetColumn} IN (${placeholders(unique.length)})`,
      [viewerId, ...unique],
    );
    return new Set(rows.map((row) => Number(row.id)));
  }
}
