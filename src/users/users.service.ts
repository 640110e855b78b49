import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import { DomainEvents } from '../common/events/domain-events.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserResponseDto, UserSummaryDto } from './dto/user-response.dto.js';
import { toUserResponse, toUserSummary } from './user.mapper.js';
import { User } from './user.entity.js';
import { ProfileChanged } from './users.events.js';
import { type UserCounter, UsersRepository } from './users.repository.js';

const USERNAME_TAKEN = 'username is already taken';

/**
 * Profiles and their counters. Other features move the counters through
 * `addToCounter` inside their own transactions, and read profiles through
 * this service, never through the `user` table.
 */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly events: DomainEvents,
  ) {}

  findById(id: number): Promise<User | null> {
    return this.users.findById(id);
  }

  findByUsername(username: string): Promise<User | null> {
    return this.users.findByUsername(username);
  }

  async getById(id: number): Promise<UserResponseDto> {
    return toUserResponse(await found(this.users.findById(id)));
  }

  async getByUsername(username: string): Promise<UserResponseDto> {
    return toUserResponse(await found(this.users.findByUsername(username)));
  }

  /** 404 unless the user exists. */
  async assertExists(id: number): Promise<void> {
    if (!(await this.users.exists(id))) throw new NotFoundException('User not found');
  }

  list(query: PageQueryDto): Promise<Page<UserResponseDto>> {
    return paginate(
      query,
      ({ before, take }) => this.users.page(before, take),
      (user) => user.id,
      (rows) => rows.map(toUserResponse),
    );
  }

  /** Profiles of `ids`, in that order; missing ids are skipped. */
  async getMany(ids: number[]): Promise<UserResponseDto[]> {
    const byId = new Map((await this.users.findMany(ids)).map((user) => [user.id, user]));
    return ids.flatMap((id) => {
      const user = byId.get(id);
      return user ? [toUserResponse(user)] : [];
    });
  }

  /** The author fields that posts embed, by user id. */
  async summaries(ids: number[]): Promise<Map<number, UserSummaryDto>> {
    const rows = await this.users.summaries(ids);
    return new Map(rows.map((row) => [row.id, toUserSummary(row)]));
  }

  /** Creates the profile inside the caller's transaction; 409 if the username is taken. */
  async create(manager: EntityManager, fields: { username: string; name: string }): Promise<User> {
    try {
      return await this.users.insert(manager, fields);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(USERNAME_TAKEN);
      throw error;
    }
  }

  async update(id: number, dto: UpdateUserDto): Promise<UserResponseDto> {
    try {
      await this.users.update(id, dto);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(USERNAME_TAKEN);
      throw error;
    }
    if (Object.keys(dto).length > 0) {
      const renamed = dto.name !== undefined || dto.username !== undefined;
      await this.events.publish(new ProfileChanged(id, renamed));
    }
    return this.getById(id);
  }

  /**
   * Locks the rows of `ids` (in id order, so that two transactions cannot
   * deadlock) until the caller's transaction ends; resolves with those that exist.
   */
  lock(manager: EntityManager, ids: number[]): Promise<number[]> {
    return this.users.lock(manager, ids);
  }

  /** One counter of one user, read alone (the timeline worker asks for every new post); undefined if gone. */
  counter(id: number, counter: UserCounter): Promise<number | undefined> {
    return this.users.counter(id, counter);
  }

  /** Moves a counter of each of `ids` inside the caller's transaction; how many rows moved. */
  addToCounter(
    manager: EntityManager,
    ids: number[],
    counter: UserCounter,
    delta: number,
  ): Promise<number> {
    return this.users.addToCounter(manager, ids, counter, delta);
  }

  /** See UsersRepository.moveFollowCounters: the number of the two users that exist. */
  moveFollowCounters(
    manager: EntityManager,
    followerId: number,
    followeeId: number,
    delta: 1 | -1,
  ): Promise<number> {
    return this.users.moveFollowCounters(manager, followerId, followeeId, delta);
  }

  /** Deletes the profile row inside the caller's transaction (see AccountsService). */
  delete(manager: EntityManager, id: number): Promise<void> {
    return this.users.delete(manager, id);
  }
}

async function found(user: Promise<User | null>): Promise<User> {
  const result = await user;
  if (!result) throw new NotFoundException('User not found');
  return result;
}
