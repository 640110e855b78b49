import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, LessThan, Repository } from 'typeorm';
import { Dialect, placeholders } from '../database/dialect.js';
import { TransactionService } from '../database/transaction.service.js';
import { Post } from './post.entity.js';

/** A post's own columns, as hydration reads them. */
export interface PostRow {
  id: number;
  authorId: number;
  text: string;
  createdAt: Date;
  updatedAt: Date;
  likesCount: number;
}

// Authors per feed statement: keeps each statement's size and parameter count modest.
const AUTHORS_PER_STATEMENT = 200;

/**
 * Every statement on the `post` table. The two on the path of every uncached
 * page (posts by id, and the feed's ids) are literal SQL: TypeORM's find()
 * builds its SQL and hydrates entities anew on every call, which cost more CPU
 * than the database spent answering (bench/README.md).
 */
@Injectable()
export class PostsRepository {
  constructor(
    @InjectRepository(Post) private readonly posts: Repository<Post>,
    private readonly tx: TransactionService,
    private readonly dialect: Dialect,
  ) {}

  async insert(manager: EntityManager, authorId: number, text: string): Promise<number> {
    const { identifiers } = await manager.insert(Post, { userId: authorId, text });
    return Number(identifiers[0].id);
  }

  exists(id: number): Promise<boolean> {
    return this.posts.existsBy({ id });
  }

  /** Loads one post and locks it until the transaction ends; null if it does not exist. */
  lock(manager: EntityManager, id: number): Promise<Post | null> {
    return this.tx.lockOne(manager, Post, id);
  }

  async updateText(manager: EntityManager, id: number, text: string): Promise<void> {
    // Stamped with the column's own default: TypeORM's implicit CURRENT_TIMESTAMP
    // is whole seconds on MySQL, so an edit would read as older than createdAt.
    await manager.update(Post, { id }, { text, updatedAt: () => this.dialect.now });
  }

  async delete(manager: EntityManager, id: number): Promise<void> {
    await manager.delete(Post, { id });
  }

  /**
   * Adds `delta` to the likesCount of each of `ids`. A like is not an edit:
   * `updated_at` is assigned its own value, since MySQL's ON UPDATE would restamp it.
   */
  async addToLikesCount(manager: EntityManager, ids: number[], delta: number): Promise<void> {
    if (ids.length === 0) return;
    await manager
      .createQueryBuilder()
      .update(Post)
      .set({
        likesCount: () => `likes_count + ${Math.trunc(delta)}`,
        updatedAt: () => 'updated_at',
      })
      .where({ id: In([...new Set(ids)]) })
      .execute();
  }

  /** Posts by id, in no particular order; missing ids are skipped. */
  async findRows(ids: number[]): Promise<PostRow[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const rows: Record<keyof PostRow, unknown>[] = await this.posts.query(
      'SELECT id, user AS authorId, text, created_at AS createdAt, updated_at AS updatedAt, ' +
        `likes_count AS likesCount FROM post WHERE id IN (${placeholders(unique.length)})`,
      unique,
    );
    return rows.map((row) => ({
      id: Number(row.id),
      authorId: Number(row.authorId),
      text: String(row.text),
      createdAt: this.dialect.date(row.createdAt),
      updatedAt: this.dialect.date(row.updatedAt),
      likesCount: Number(row.likesCount),
    }));
  }

  /** The author of each of `ids` that exists. */
  async authorsOf(ids: number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const unique = [...new Set(ids)];
    const rows: { id: number | string; authorId: number | string }[] = await this.posts.query(
      `SELECT id, user AS authorId FROM post WHERE id IN (${placeholders(unique.length)})`,
      unique,
    );
    return new Map(rows.map((row) => [Number(row.id), Number(row.authorId)]));
  }

  /** Ids of all posts, or one author's, newest first, through the primary or (author, id) index. */
  async pageIds(authorId: number | undefined, before: number | undefined, take: number) {
    const rows = await this.posts.find({
      select: { id: true },
      where: {
        ...(authorId === undefined ? {} : { userId: authorId }),
        ...(before === undefined ? {} : { id: LessThan(before) }),
      },
      order: { id: 'DESC' },
      take,
    });
    return rows.map((row) => row.id);
  }

  /**
   * The newest `take` post ids below `before` by any of `authorIds`.
   *
   * `WHERE user IN (...) ORDER BY id DESC LIMIT n` makes MySQL read every post
   * of every author and sort them. Instead each author contributes at most n
   * ids read newest-first from the (user, id) index and the database merges
   * them: the work is bounded by (authors) x (page size), whatever the number
   * of posts, and one statement sends back `take` rows, not authors x take.
   */
  async newestIdsByAuthors(
    authorIds: number[],
    before: number | undefined,
    take: number,
  ): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < authorIds.length; i += AUTHORS_PER_STATEMENT) {
      const authors = authorIds.slice(i, i + AUTHORS_PER_STATEMENT);
      ids.push(...(await this.newestIdsOf(authors, before, take)));
    }
    return ids.sort((a, b) => b - a).slice(0, take);
  }

  private async newestIdsOf(authors: number[], before: number | undefined, take: number) {
    const limit = Math.trunc(take); // an integer from the validated page size, never user text
    const below = before === undefined ? '' : ' AND id < ?';
    const member = `SELECT id FROM post WHERE user = ?${below} ORDER BY id DESC LIMIT ${limit}`;
    const sql = this.dialect.unionOfLimited(
      authors.map(() => member),
      'id',
      `ORDER BY id DESC LIMIT ${limit}`,
    );
    const params = authors.flatMap((author) =>
      before === undefined ? [author] : [author, before],
    );
    const rows: { id: number | string }[] = await this.posts.query(sql, params);
    return rows.map((row) => Number(row.id));
  }
}
