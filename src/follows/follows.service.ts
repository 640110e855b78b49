import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type FindOptionsWhere, LessThan, Repository } from 'typeorm';
import { type Page, paginate } from '../common/pagination/page.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { findJoined } from '../database/find-joined.js';
import { TransactionService } from '../database/transaction.service.js';
import { UserResponseDto } from '../users/dto/user-response.dto.js';
import { toUserResponse } from '../users/user.mapper.js';
import { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { UserFollow } from './user-follow.entity.js';

/**
 * Follows and the two follow counters. Both users' rows are locked (in id
 * order) before the pair is checked, so concurrent follows of the same pair
 * serialize and each counter moves exactly once per row written.
 */
@Injectable()
export class FollowsService {
  constructor(
    @InjectRepository(UserFollow) private readonly follows: Repository<UserFollow>,
    private readonly users: UsersService,
    private readonly tx: TransactionService,
  ) {}

  async follow(followerId: number, targetId: number): Promise<void> {
    if (followerId === targetId) throw new BadRequestException('You cannot follow yourself');
    await this.tx.run(async (manager) => {
      await this.lockPair(manager, followerId, targetId);
      const pair = { userFrom: followerId, userTo: targetId };
      if (await manager.existsBy(UserFollow, pair)) return;
      await manager.insert(UserFollow, pair);
      await manager.increment(User, { id: followerId }, 'followingCount', 1);
      await manager.increment(User, { id: targetId }, 'followersCount', 1);
    });
  }

  async unfollow(followerId: number, targetId: number): Promise<void> {
    await this.tx.run(async (manager) => {
      await this.lockPair(manager, followerId, targetId);
      const { affected } = await manager.delete(UserFollow, {
        userFrom: followerId,
        userTo: targetId,
      });
      if (!affected) return;
      await manager.decrement(User, { id: followerId }, 'followingCount', 1);
      await manager.decrement(User, { id: targetId }, 'followersCount', 1);
    });
  }

  /** Who follows the user, most recent follow first. */
  followers(userId: number, query: PageQueryDto): Promise<Page<UserResponseDto>> {
    return this.page(userId, query, { userTo: userId }, 'follower');
  }

  /** Whom the user follows, most recent follow first. */
  following(userId: number, query: PageQueryDto): Promise<Page<UserResponseDto>> {
    return this.page(userId, query, { userFrom: userId }, 'followed');
  }

  private async lockPair(manager: Parameters<TransactionService['lock']>[0], a: number, b: number) {
    const found = await this.tx.lock(manager, User, [a, b]);
    if (!found.includes(b)) throw new NotFoundException('User not found');
    if (!found.includes(a)) throw new NotFoundException('Your account no longer exists');
  }

  private async page(
    userId: number,
    query: PageQueryDto,
    where: FindOptionsWhere<UserFollow>,
    other: 'follower' | 'followed',
  ): Promise<Page<UserResponseDto>> {
    await this.users.assertExists(userId);
    return paginate(
      query,
      ({ before, take }) =>
        findJoined(this.follows, {
          where: before === undefined ? where : { ...where, id: LessThan(before) },
          relations: { [other]: true },
          order: { id: 'DESC' },
          take,
        }),
      (follow) => follow.id,
      (rows) => rows.map((follow) => toUserResponse(follow[other]!)),
    );
  }
}
