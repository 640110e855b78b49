import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type KeysetWindow } from '../common/pagination/page.js';
import { Post } from './post.entity.js';

// Authors per statement: keeps each statement's size and parameter count modest.
const AUTHORS_PER_QUERY = 200;

/**
 * The home feed's query, where SQL earns a repository of its own.
 *
 * `WHERE user IN (...) ORDER BY id DESC LIMIT n` makes MySQL read every post
 * of every followed author and sort them. Instead each author contributes at
 * most n ids read newest-first from the (user, id) index, and the union is
 * sorted: the work is bounded by (authors followed) x (page size), whatever
 * the number of posts in the table or by any one author.
 */
@Injectable()
export class FeedRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async pageIds(authorIds: number[], { before, take }: KeysetWindow): Promise<number[]> {
    const ids: number[] = [];
    for (let i = 0; i < authorIds.length; i += AUTHORS_PER_QUERY) {
      ids.push(...(await this.newestIds(authorIds.slice(i, i + AUTHORS_PER_QUERY), before, take)));
    }
    return ids.sort((a, b) => b - a).slice(0, take);
  }

  private async newestIds(
    authorIds: number[],
    before: number | undefined,
    take: number,
  ): Promise<number[]> {
    const q = (name: string) => this.dataSource.driver.escape(name);
    const meta = this.dataSource.getMetadata(Post);
    const [table, author, id] = [meta.tableName, 'user', 'id'].map(q);
    const limit = Math.trunc(take); // an integer from the validated page size, never user text
    const perAuthor = `SELECT ${id} FROM ${table} WHERE ${author} = ?${before === undefined ? '' : ` AND ${id} < ?`} ORDER BY ${id} DESC LIMIT ${limit}`;
    const sql = authorIds
      .map((_, n) => `SELECT ${id} FROM (${perAuthor}) ${q(`a${n}`)}`)
      .join(' UNION ALL ');
    const params = authorIds.flatMap((a) => (before === undefined ? [a] : [a, before]));
    const rows: { id: number | string }[] = await this.dataSource.query(sql, params);
    return rows.map((r) => Number(r.id));
  }
}
