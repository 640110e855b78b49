import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, LessThan, Repository } from 'typeorm';
import { placeholders } from '../database/dialect.js';
import { TransactionService } from '../database/transaction.service.js';
import { runWrite } from '../database/write-statement.js';
import { User } from './user.entity.js';

/** The counters on a user's row that other features move. */
export type UserCounter = 'followersCount' | 'followingCount' | 'postsCount';

const COUNTER_COLUMNS: Record<UserCounter, string> = {
  followersCount: 'followers_count',
  followingCount: 'following_count',
  postsCount: 'posts_count',
};

/** The author fields a post embeds. */
export interface UserSummaryRow {
  id: number;
  username: string;
  name: string;
}

/** Every statement on the `user` table. */
@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tx: TransactionService,
  ) {}

  findById(id: number): Promise<User | null> {
    return this.users.findOneBy({ id });
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findOneBy({ usernameLower: username.toLowerCase() });
  }

  exists(id: number): Promise<boolean> {
    return this.users.existsBy({ id });
  }

  /** Users newest first, below the id `before`. */
  page(before: number | undefined, take: number): Promise<User[]> {
    return this.users.find({
      where: before === undefined ? {} : { id: LessThan(before) },
      order: { id: 'DESC' },
      take,
    });
  }

  /** Users by id, in no particular order; missing ids are skipped. */
  findMany(ids: number[]): Promise<User[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.users.findBy({ id: In(ids) });
  }

  /** The author fields of posts: on the path of every uncached post, so written by hand. */
  async summaries(ids: number[]): Promise<UserSummaryRow[]> {
    if (ids.length === 0) return [];
    const unique = [...new Set(ids)];
    const rows: { id: number | string; username: string; name: string }[] = await this.users.query(
      `SELECT id, username, name FROM user WHERE id IN (${placeholders(unique.length)})`,
      unique,
    );
    return rows.map((row) => ({ id: Number(row.id), username: row.username, name: row.name }));
  }

  /** One counter of one user; undefined if there is no such user. */
  async counter(id: number, counter: UserCounter): Promise<number | undefined> {
    const rows: { value: number | string }[] = await this.users.query(
      `SELECT ${COUNTER_COLUMNS[counter]} AS value FROM user WHERE id = ?`,
      [id],
    );
    return rows.length > 0 ? Number(rows[0].value) : undefined;
  }

  /** Inserts a profile inside the caller's transaction. */
  insert(manager: EntityManager, fields: { username: string; name: string }): Promise<User> {
    return manager.save(
      manager.create(User, { ...fields, usernameLower: fields.username.toLowerCase(), bio: '' }),
    );
  }

  async update(
    id: number,
    changes: Partial<Pick<User, 'name' | 'username' | 'bio'>>,
  ): Promise<void> {
    const row: Partial<User> = { ...changes };
    if (changes.username !== undefined) row.usernameLower = changes.username.toLowerCase();
    if (Object.keys(row).length > 0) await this.users.update({ id }, row);
  }

  /** Locks the rows of `ids` (in id order) until the transaction ends; the ids that exist. */
  lock(manager: EntityManager, ids: number[]): Promise<number[]> {
    return this.tx.lock(manager, User, ids);
  }

  /** Adds `delta` to one counter of each of `ids`; the number of rows that exist and moved. */
  async addToCounter(
    manager: EntityManager,
    ids: number[],
    counter: UserCounter,
    delta: number,
  ): Promise<number> {
    const column = COUNTER_COLUMNS[counter];
    const unique = [...new Set(ids)];
    let affected = 0;
    for (let i = 0; i < unique.length; i += IDS_PER_STATEMENT) {
      const batch = unique.slice(i, i + IDS_PER_STATEMENT);
      const result = await runWrite(
        manager,
        `UPDATE user SET ${column} = ${column} + ${Math.trunc(delta)} WHERE id IN (${placeholders(batch.length)})`,
        batch,
      );
      affected += result.affected;
    }
    return affected;
  }

  /**
   * A follow's two counters in one statement: `followerId`'s following and
   * `followeeId`'s followers, by `delta` (1 or -1, never below 0). It locks both
   * rows, in id order as every statement over several users does; the number
   * of the two that exist.
   */
  async moveFollowCounters(
    manager: EntityManager,
    followerId: number,
    followeeId: number,
    delta: 1 | -1,
  ): Promise<number> {
    const by = (column: string) =>
      delta > 0
        ? `${column} + CASE WHEN id = ? THEN 1 ELSE 0 END`
        : `${column} - CASE WHEN id = ? AND ${column} > 0 THEN 1 ELSE 0 END`;
    const { affected } = await runWrite(
      manager,
      `UPDATE user SET following_count = ${by('following_count')}, ` +
        `followers_count = ${by('followers_count')} WHERE id IN (?, ?)`,
      [followerId, followeeId, followerId, followeeId],
    );
    return affected;
  }

  async delete(manager: EntityManager, id: number): Promise<void> {
    await manager.delete(User, { id });
  }
}

// Ids per statement: keeps each statement's parameter count modest on both databases.
const IDS_PER_STATEMENT = 500;
