import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type KeysetWindow } from '../common/pagination/page.js';
import { placeholders, sqlNames } from '../database/hand-written-sql.js';
import { UserFollow } from '../follows/user-follow.entity.js';
import { User } from '../users/user.entity.js';
import { Post } from './post.entity.js';

// Authors per statement: keeps each statement's size and parameter count modest.
const AUTHORS_PER_QUERY = 200;

interface PostRow {
  id: number | string;
  text: string;
  createdAt: unknown;
  updatedAt: unknown;
  likesCount: number | string;
  authorId: number | string;
  username: string;
  name: string;
}

/**
 * The home feed's queries, where SQL earns a repository of its own.
 *
 * `WHERE user IN (...) ORDER BY id DESC LIMIT n` makes MySQL read every post
 * of every followed author and sort them. Instead each author contributes at
 * most n ids read newest-first from the (user, id) index, and the union is
 * sorted: the work is bounded by (authors followed) x (page size), whatever
 * the number of posts in the table or by any one author.
 *
 * Every statement is written by hand (see hand-written-sql.ts), the page's
 * posts and authors included: one feed page from MySQL took a quarter less CPU
 * than with TypeORM's find().
 */
@Injectable()
export class FeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The authors of a user's feed: the user, then everyone they follow. */
  async authorIds(userId: number): Promise<number[]> {
    const [follows, from, to] = sqlNames(
      this.dataSource.getRepository(UserFollow),
      'userFrom',
      'userTo',
    );
    const rows: { id: number | string }[] = await this.dataSource.query(
      `SELECT ${to} AS ${this.q('id')} FROM ${follows} WHERE ${from} = ?`,
      [userId],
    );
    return [userId, ...rows.map((r) => Number(r.id))];
  }

  async pageIds(authorIds: number[], { before, take }: KeysetWindow): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < authorIds.length; i += AUTHORS_PER_QUERY) {
      ids.push(...(await this.newestIds(authorIds.slice(i, i + AUTHORS_PER_QUERY), before, take)));
    }
    return ids.sort((a, b) => b - a).slice(0, take);
  }

  /** Posts by id, each with its author, in the order of `ids`; missing ids are skipped. */
  async posts(ids: number[]): Promise<Post[]> {
    if (ids.length === 0) return [];
    const q = (name: string) => this.q(name);
    const [post, id, author, text, createdAt, updatedAt, likesCount] = sqlNames(
      this.dataSource.getRepository(Post),
      'id',
      'userId',
      'text',
      'createdAt',
      'updatedAt',
      'likesCount',
    );
    const [user, userId, username, name] = sqlNames(
      this.dataSource.getRepository(User),
      'id',
      'username',
      'name',
    );
    const rows: PostRow[] = await this.dataSource.query(
      `SELECT p.${id} AS ${q('id')}, p.${text} AS ${q('text')}, p.${createdAt} AS ${q('createdAt')}, ` +
        `p.${updatedAt} AS ${q('updatedAt')}, p.${likesCount} AS ${q('likesCount')}, ` +
        `u.${userId} AS ${q('authorId')}, u.${username} AS ${q('username')}, u.${name} AS ${q('name')} ` +
        `FROM ${post} p JOIN ${user} u ON u.${userId} = p.${author} ` +
        `WHERE p.${id} IN (${placeholders(ids.length)})`,
      ids,
    );
    const meta = this.dataSource.getMetadata(Post);
    const [created, updated] = ['createdAt', 'updatedAt'].map((property) =>
      meta.findColumnWithPropertyName(property)!,
    );
    // Dates as TypeORM would load them: SQLite returns text, in UTC.
    const date = (value: unknown, column: typeof created) =>
      this.dataSource.driver.prepareHydratedValue(value, column) as Date;
    const byId = new Map(
      rows.map((row) => [
        Number(row.id),
        Object.assign(new Post(), {
          id: Number(row.id),
          userId: Number(row.authorId),
          text: row.text,
          createdAt: date(row.createdAt, created),
          updatedAt: date(row.updatedAt, updated),
          likesCount: Number(row.likesCount),
          author: Object.assign(new User(), {
            id: Number(row.authorId),
            username: row.username,
            name: row.name,
          }),
        }),
      ]),
    );
    return ids.flatMap((postId) => byId.get(postId) ?? []);
  }

  private async newestIds(
    authorIds: number[],
    before: number | undefined,
    take: number,
  ): Promise<number[]> {
    const [table, author, id] = sqlNames(this.dataSource.getRepository(Post), 'userId', 'id');
    const limit = Math.trunc(take); // an integer from the validated page size, never user text
    const perAuthor = `SELECT ${id} FROM ${table} WHERE ${author} = ?${before === undefined ? '' : ` AND ${id} < ?`} ORDER BY ${id} DESC LIMIT ${limit}`;
    // MySQL takes each author's SELECT in parentheses. As derived tables, they were
    // materialized in a temporary table each: a third slower for 30 authors, nearly
    // twice as slow for 1,000. SQLite allows no LIMIT in a member of a compound
    // SELECT, hence derived tables there.
    const member =
      this.dataSource.options.type === 'better-sqlite3'
        ? (n: number) => `SELECT ${id} FROM (${perAuthor}) ${this.q(`a${n}`)}`
        : () => `(${perAuthor})`;
    // The database merges the authors' ids and keeps the newest `take`: for an account
    // following 1,000 others it sends 21 rows, not 21,000 for the process to parse and sort.
    const sql = `${authorIds.map((_, n) => member(n)).join(' UNION ALL ')} ORDER BY ${id} DESC LIMIT ${limit}`;
    const params = authorIds.flatMap((a) => (before === undefined ? [a] : [a, before]));
    const rows: { id: number | string }[] = await this.dataSource.query(sql, params);
    return rows.map((r) => Number(r.id));
  }

  private q(name: string): string {
    return this.dataSource.driver.escape(name);
  }
}
