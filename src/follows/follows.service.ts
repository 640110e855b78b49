import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { DomainEvents } from '../common/events/domain-events.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { TransactionService, Undo } from '../database/transaction.service.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { UsersService } from '../users/users.service.js';
import { UserFollowed, UserUnfollowed } from './follows.events.js';
import { type FollowRow, FollowsRepository } from './follows.repository.js';

/**
 * Follows and the two follow counters. Both users' rows are locked (in id
 * order, by moving their counters) before the pair is written or removed, so
 * concurrent follows of the same pair serialize, and each counter moves
 * exactly once per row written: a write that finds nothing to do is rolled
 * back, counters and all.
 */
@Injectable()
export class FollowsService {
  constructor(
    private readonly follows: FollowsRepository,
    private readonly users: UsersService,
    private readonly tx: TransactionService,
    private readonly events: DomainEvents,
  ) {}

  async follow(followerId: number, targetId: number): Promise<void> {
    if (followerId === targetId) throw new BadRequestException('You cannot follow yourself');
    const written = await this.tx.run(async (manager) => {
      await this.moveCounters(manager, followerId, targetId, 1);
      if (await this.follows.insert(manager, followerId, targetId)) return true;
      throw new Undo(false); // followed already: the counters go back
    });
    if (written) await this.events.publish(new UserFollowed(followerId, targetId));
  }

  async unfollow(followerId: number, targetId: number): Promise<void> {
    const removed = await this.tx.run(async (manager) => {
      await this.moveCounters(manager, followerId, targetId, -1);
      if (await this.follows.delete(manager, followerId, targetId)) return true;
      throw new Undo(false); // not followed: the counters go back
    });
    if (removed) await this.events.publish(new UserUnfollowed(followerId, targetId));
  }

  /** Who follows the user, most recent follow first. */
  followers(userId: number, query: PageQueryDto): Promise<Page<UserResponseDto>> {
    return this.page(userId, query, 'userTo', (follow) => follow.userFrom);
  }

  /** Whom the user follows, most recent follow first. */
  following(userId: number, query: PageQueryDto): Promise<Page<UserResponseDto>> {
    return this.page(userId, query, 'userFrom', (follow) => follow.userTo);
  }

  /** Everyone the user follows (the authors of their feed, with themselves). */
  followeeIds(userId: number): Promise<number[]> {
    return this.follows.followeeIds(userId);
  }

  /**
   * A batch of the user's followers, in the order they followed, after the
   * follow `after` (0 to start): `next` is the `after` of the next batch, or
   * undefined after the last. For jobs that walk every follower (timeline fan-out).
   */
  async followerBatch(
    userId: number,
    after: number,
    take: number,
  ): Promise<{ followerIds: number[]; next?: number }> {
    const rows = await this.follows.followersAfter(userId, after, take);
    return {
      followerIds: rows.map((row) => row.userFrom),
      next: rows.length === take ? rows[rows.length - 1].id : undefined,
    };
  }

  /** Whether `followerId` follows `followeeId`. */
  async isFollowing(followerId: number, followeeId: number): Promise<boolean> {
    return (await this.follows.followedAmong(followerId, [followeeId])).has(followeeId);
  }

  /** Which of `userIds` the viewer follows. */
  followedAmong(viewerId: number, userIds: number[]): Promise<Set<number>> {
    return this.follows.followedAmong(viewerId, userIds);
  }

  /**
   * Forgets a user who is being deleted, inside the deleting transaction: the
   * counters of everyone on the other side of their follows move back, then
   * the rows go.
   */
  async forgetUser(manager: EntityManager, userId: number): Promise<void> {
    const followees = await this.follows.followeeIds(userId, manager);
    const followers = await this.follows.followerIds(userId, manager);
    await this.users.addToCounter(manager, followees, 'followersCount', -1);
    await this.users.addToCounter(manager, followers, 'followingCount', -1);
    await this.follows.deleteAllOf(manager, userId);
  }

  /**
   * Moves both counters first, in one statement that also locks both rows (so
   * concurrent follows of a pair serialize) and finds which users exist: a
   * follow is four statements (with BEGIN and COMMIT) whether or not it writes a row.
   */
  private async moveCounters(manager: EntityManager, from: number, to: number, delta: 1 | -1) {
    if ((await this.users.moveFollowCounters(manager, from, to, delta)) === 2) return;
    // One of them is gone (rolled back with the 404): which one decides the message.
    const found = await this.users.lock(manager, [from, to]);
    if (!found.includes(to)) throw new NotFoundException('User not found');
    throw new NotFoundException('Your account no longer exists');
  }

  private async page(
    userId: number,
    query: PageQueryDto,
    side: 'userFrom' | 'userTo',
    other: (follow: FollowRow) => number,
  ): Promise<Page<UserResponseDto>> {
    await this.users.assertExists(userId);
    return paginate(
      query,
      ({ before, take }) => this.follows.page(side, userId, before, take),
      (follow) => follow.id,
      (rows) => this.users.getMany(rows.map(other)),
    );
  }
}
