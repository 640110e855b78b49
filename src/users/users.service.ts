import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, LessThan, Repository } from 'typeorm';
import { isUniqueViolation } from '../common/database-errors.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { PageQueryDto } from '../common/pagination/page-query.dto.js';
import { TransactionService } from '../database/transaction.service.js';
import { UserFollow } from '../follows/user-follow.entity.js';
import { PostLike } from '../posts/post-like.entity.js';
import { Post } from '../posts/post.entity.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserResponseDto } from './dto/user-response.dto.js';
import { toUserResponse } from './user.mapper.js';
import { User } from './user.entity.js';

const USERNAME_TAKEN = 'username is already taken';

@Injectable()
export class UsersService {
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

  async getById(id: number): Promise<UserResponseDto> {
    return toUserResponse(await this.found(this.findById(id)));
  }

  async getByUsername(username: string): Promise<UserResponseDto> {
    return toUserResponse(await this.found(this.findByUsername(username)));
  }

  /** 404 unless the user exists. */
  async assertExists(id: number): Promise<void> {
    if (!(await this.users.existsBy({ id }))) throw new NotFoundException('User not found');
  }

  list(query: PageQueryDto): Promise<Page<UserResponseDto>> {
    return paginate(
      query,
      ({ before, take }) =>
        this.users.find({
          where: before === undefined ? {} : { id: LessThan(before) },
          order: { id: 'DESC' },
          take,
        }),
      (user) => user.id,
      (rows) => rows.map(toUserResponse),
    );
  }

  /** Creates the profile inside the caller's transaction; 409 if the username is taken. */
  async create(manager: EntityManager, fields: { username: string; name: string }): Promise<User> {
    const user = manager.create(User, {
      ...fields,
      usernameLower: fields.username.toLowerCase(),
      bio: '',
    });
    try {
      return await manager.save(user);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(USERNAME_TAKEN);
      throw error;
    }
  }

  async update(id: number, dto: UpdateUserDto): Promise<UserResponseDto> {
    const changes: Partial<User> = { ...dto };
    if (dto.username !== undefined) changes.usernameLower = dto.username.toLowerCase();
    if (Object.keys(changes).length > 0) {
      try {
        await this.users.update({ id }, changes);
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictException(USERNAME_TAKEN);
        throw error;
      }
    }
    return this.getById(id);
  }

  /**
   * Deletes the account and everything it owns in one transaction. Foreign keys
   * cascade the rows away; the counters on *other* rows that counted them are
   * corrected first, while the rows that say what to correct still exist.
   */
  async remove(id: number): Promise<void> {
    await this.tx.run(async (manager) => {
      if ((await this.tx.lock(manager, User, [id])).length === 0) return;
      const where = (subquery: string) => `id IN (${subquery})`;
      await manager
        .createQueryBuilder()
        .update(Post)
        // Losing a like is not an edit: keep updated_at (MySQL's ON UPDATE would restamp it).
        .set({ likesCount: () => 'likes_count - 1', updatedAt: () => 'updated_at' })
        .where(where(idsOf(manager, PostLike, 'postId', 'userId')), { id })
        .execute();
      await manager
        .createQueryBuilder()
        .update(User)
        .set({ followersCount: () => 'followers_count - 1' })
        .where(where(idsOf(manager, UserFollow, 'userTo', 'userFrom')), { id })
        .execute();
      await manager
        .createQueryBuilder()
        .update(User)
        .set({ followingCount: () => 'following_count - 1' })
        .where(where(idsOf(manager, UserFollow, 'userFrom', 'userTo')), { id })
        .execute();
      await manager.delete(User, { id });
    });
  }

  private async found(user: Promise<User | null>): Promise<User> {
    const found = await user;
    if (!found) throw new NotFoundException('User not found');
    return found;
  }
}

/** `SELECT <selected> FROM <entity> WHERE <by> = :id`, escaped for the running database. */
function idsOf<E extends object>(
  manager: EntityManager,
  entity: new () => E,
  selected: keyof E & string,
  by: keyof E & string,
): string {
  return manager
    .createQueryBuilder(entity, 'r')
    .select(`r.${selected}`)
    .where(`r.${by} = :id`)
    .getQuery();
}
