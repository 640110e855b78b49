import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  DataSource,
  EntityManager,
  type EntityTarget,
  type FindOptionsWhere,
  In,
  type ObjectLiteral,
} from 'typeorm';
import { Dialect } from './dialect.js';

// MySQL/MariaDB error numbers worth one more try: the whole transaction was rolled back.
const RETRYABLE_MYSQL_ERRORS = new Set([1213 /* deadlock */, 1205 /* lock wait timeout */]);
const MAX_ATTEMPTS = 4;

/**
 * Thrown from a unit of work to roll it back and have `run` resolve to
 * `result`: for a write that found, half-way, that it has nothing to do (a
 * like that already exists, after the counter moved).
 */
export class Undo<T> extends Error {
  constructor(readonly result: T) {
    super('the unit of work was undone');
  }
}

/**
 * Runs units of work in a transaction, the same way on MySQL and SQLite.
 *
 * TypeORM's better-sqlite3 driver shares one connection, so two overlapping
 * transactions would nest into each other's savepoints: on SQLite transactions
 * are queued one at a time. On MySQL a deadlock victim is retried, since
 * InnoDB rolls it back whole.
 */
@Injectable()
export class TransactionService {
  private sqliteQueue: Promise<unknown> = Promise.resolve();
  private readonly isMysql: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    dialect: Dialect,
  ) {
    this.isMysql = dialect.isMysql;
  }

  async run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    try {
      return await (this.isMysql ? this.runWithRetry(work) : this.runQueued(work));
    } catch (error) {
      if (error instanceof Undo) return error.result as T;
      throw error;
    }
  }

  /**
   * Locks rows until the transaction ends, in id order so that two transactions
   * locking the same rows cannot deadlock. SQLite needs nothing: its
   * transactions are already serialized.
   */
  async lock<E extends ObjectLiteral>(
    manager: EntityManager,
    target: EntityTarget<E>,
    ids: number[],
  ): Promise<number[]> {
    const sorted = [...new Set(ids)].sort((a, b) => a - b);
    const qb = manager
      .createQueryBuilder(target, 't')
      .select('t.id', 'id')
      .where({ id: In(sorted) })
      .orderBy('t.id', 'ASC');
    if (this.isMysql) qb.setLock('pessimistic_write');
    const rows = await qb.getRawMany<{ id: number }>();
    return rows.map((r) => Number(r.id));
  }

  /** Loads one row by id and locks it until the transaction ends; null if it does not exist. */
  lockOne<E extends ObjectLiteral & { id: number }>(
    manager: EntityManager,
    target: EntityTarget<E>,
    id: number,
  ): Promise<E | null> {
    return manager.findOne(target, {
      where: { id } as FindOptionsWhere<E>,
      ...(this.isMysql ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  private async runWithRetry<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        const errno = (error as { driverError?: { errno?: number } }).driverError?.errno;
        if (attempt >= MAX_ATTEMPTS || errno === undefined || !RETRYABLE_MYSQL_ERRORS.has(errno)) {
          throw error;
        }
      }
    }
  }

  private runQueued<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const result = this.sqliteQueue.then(() => this.dataSource.transaction(work));
    this.sqliteQueue = result.catch(() => undefined);
    return result;
  }
}
