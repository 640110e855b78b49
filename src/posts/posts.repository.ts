import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { Dialect, placeholders } from '../database/dialect.js';
import { TransactionService } from '../database/transaction.service.js';
import { runWrite } from '../database/write-statement.js';
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

type RawRow = Record<keyof PostRow, unknown>;

/** A PostRow's columns, of the `post` table under `alias`. */
const columns = (alias: string) =>
  `${alias}.id, ${alias}.user AS authorId, ${alias}.text, ${alias}.created_at AS createdAt, ` +
  `${alias}.updated_at AS updatedAt, ${alias}.likes_count AS likesCount`;

// Authors per feed statement: keeps each statement's size and parameter count modest.
const AUTHORS_PER_STATEMENT = 200;

/**
 * Every statement on the `post` table. Those on the path of every uncached
 * page (posts by id, list pages, the feed's) are literal SQL: TypeORM's find()
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

  /** The new post's id; its timestamps and counter take the columns' defaults. */
  async insert(manager: EntityManager, authorId: number, text: string): Promise<number> {
    const { insertId } = await runWrite(manager, 'INSERT INTO post (user, text) VALUES (?, ?)', [
      authorId,
      text,
    ]);
    return insertId;
  }

  /** Written by hand: the timeline worker asks twice for every fan-out batch. */
  async exists(id: number): Promise<boolean> {
    const rows: unknown[] = await this.posts.query('SELECT 1 AS found FROM post WHERE id = ?', [
      id,
    ]);
    return rows.length > 0;
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
   * Adds `delta` to the likesCount of each of `ids`; how many of them exist
   * (the row lock it takes is what serializes a post's likes). Never below 0:
   * an unlike moves the counter before it knows there was a like to remove
   * (and is undone if not). A like is not an edit: `updated_at` is assigned
   * its own value, since MySQL's ON UPDATE would restamp it.
   */
  async addToLikesCount(manager: EntityManager, ids: number[], delta: number): Promise<number> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return 0;
    const step = Math.abs(Math.trunc(delta));
    const count =
      delta >= 0
        ? `likes_count + ${step}`
        : `CASE WHEN likes_count >= ${step} THEN likes_count - ${step} ELSE 0 END`;
    const { affected } = await runWrite(
      manager,
      `UPDATE post SET likes_count = ${count}, updated_at = updated_at WHERE id IN (${placeholders(unique.length)})`,
      unique,
    );
    return affected;
  }

  /** Posts by id, in no particular order; missing ids are skipped. */
  async findRows(ids: number[]): Promise<PostRow[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const rows: RawRow[] = await this.posts.query(
      `SELECT ${columns('post')} FROM post WHERE id IN (${placeholders(unique.length)})`,
      unique,
    );
    return rows.map((row) => this.toRow(row));
  }

  /** Ids of all posts, or one author's, newest first, through the primary or (author, id) index. */
  async pageIds(
    authorId: number | undefined,
    before: number | undefined,
    take: number,
  ): Promise<number[]> {
    const rows: { id: number | string }[] = await this.page('id', authorId, before, take);
    return rows.map((row) => Number(row.id));
  }

  /** The same posts as pageIds, whole: a list page read from the database needs no second statement. */
  async pageRows(
    authorId: number | undefined,
    before: number | undefined,
    take: number,
  ): Promise<PostRow[]> {
    const rows: RawRow[] = await this.page(columns('post'), authorId, before, take);
    return rows.map((row) => this.toRow(row));
  }

  /** One statement: `select` of the newest `take` posts below `before`, all or one author's. */
  private page(
    select: string,
    authorId: number | undefined,
    before: number | undefined,
    take: number,
  ) {
    const conditions = [
      ...(authorId === undefined ? [] : ['user = ?']),
      ...(before === undefined ? [] : ['id < ?']),
    ];
    const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
    return this.posts.query(
      `SELECT ${select} FROM post${where} ORDER BY id DESC LIMIT ${Math.trunc(take)}`,
      [...(authorId === undefined ? [] : [authorId]), ...(before === undefined ? [] : [before])],
    );
  }

  /**
   * The newest `take` posts below `before` by any of `authorIds`, newest first.
   *
   * `WHERE user IN (...) ORDER BY id DESC LIMIT n` makes MySQL read every post
   * of every author and sort them. Instead each author contributes at most n
   * ids read newest-first from the (user, id) index, the database merges them,
   * and only the `take` rows that win are read whole, in the same statement:
   * the work is bounded by (authors) x (page size), whatever the number of posts.
   */
  async newestByAuthors(
    authorIds: number[],
    before: number | undefined,
    take: number,
  ): Promise<PostRow[]> {
    const rows = await this.perStatement(authorIds, async (authors) => {
      const { sql, params } = this.newestIdsOf(authors, before, take);
      const found: RawRow[] = await this.posts.query(
        `SELECT ${columns('p')} FROM (${sql}) page JOIN post p ON p.id = page.id`,
        params,
      );
      return found.map((row) => this.toRow(row));
    });
    return rows.sort((a, b) => b.id - a.id).slice(0, take);
  }

  /** The ids alone, when the posts will be read from the cache (timelines). */
  async newestIdsByAuthors(
    authorIds: number[],
    before: number | undefined,
    take: number,
  ): Promise<number[]> {
    const ids = await this.perStatement(authorIds, async (authors) => {
      const { sql, params } = this.newestIdsOf(authors, before, take);
      const rows: { id: number | string }[] = await this.posts.query(sql, params);
      return rows.map((row) => Number(row.id));
    });
    return ids.sort((a, b) => b - a).slice(0, take);
  }

  /** `read` for each AUTHORS_PER_STATEMENT of `authorIds` in turn, the results together. */
  private async perStatement<T>(
    authorIds: number[],
    read: (authors: number[]) => Promise<T[]>,
  ): Promise<T[]> {
    const found: T[] = [];
    for (let i = 0; i < authorIds.length; i += AUTHORS_PER_STATEMENT) {
      found.push(...(await read(authorIds.slice(i, i + AUTHORS_PER_STATEMENT))));
    }
    return found;
  }

  /** One statement: the newest `take` ids below `before` by any of `authors` (at most 200). */
  private newestIdsOf(authors: number[], before: number | undefined, take: number) {
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
    return { sql, params };
  }

  private toRow(row: RawRow): PostRow {
    return {
      id: Number(row.id),
      authorId: Number(row.authorId),
      text: String(row.text),
      createdAt: this.dialect.date(row.createdAt),
      updatedAt: this.dialect.date(row.updatedAt),
      likesCount: Number(row.likesCount),
    };
  }
}
