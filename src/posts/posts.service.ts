import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, LessThan, Repository } from 'typeorm';
import { assertOwner } from '../common/ownership.js';
import { type Page, paginate } from '../common/pagination/page.js';
import { findJoined } from '../database/find-joined.js';
import { TransactionService } from '../database/transaction.service.js';
import { User } from '../users/user.entity.js';
import { CreatePostDto } from './dto/create-post.dto.js';
import { ListPostsQueryDto } from './dto/list-posts-query.dto.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { UpdatePostDto } from './dto/update-post.dto.js';
import { toPostResponse } from './post.mapper.js';
import { Post } from './post.entity.js';

@Injectable()
export class PostsService {
  constructor(
    @InjectRepository(Post) private readonly posts: Repository<Post>,
    private readonly tx: TransactionService,
  ) {}

  async create(authorId: number, dto: CreatePostDto): Promise<PostResponseDto> {
    const id = await this.tx.run(async (manager) => {
      // The counter first: its row lock serializes this author's concurrent posts.
      const { affected } = await manager.increment(User, { id: authorId }, 'postsCount', 1);
      if (!affected) throw new NotFoundException('Your account no longer exists');
      const { identifiers } = await manager.insert(Post, { userId: authorId, text: dto.text });
      return Number(identifiers[0].id);
    });
    return this.get(id);
  }

  async get(id: number): Promise<PostResponseDto> {
    const [post] = await findJoined(this.posts, {
      where: { id },
      relations: { author: true },
      take: 1,
    });
    if (!post) throw new NotFoundException('Post not found');
    return toPostResponse(post);
  }

  /** All posts, or one author's, newest first, through the (author, id) index. */
  list(query: ListPostsQueryDto): Promise<Page<PostResponseDto>> {
    const byAuthor = query.authorId === undefined ? {} : { userId: query.authorId };
    return paginate(
      query,
      ({ before, take }) =>
        findJoined(this.posts, {
          where: before === undefined ? byAuthor : { ...byAuthor, id: LessThan(before) },
          relations: { author: true },
          order: { id: 'DESC' },
          take,
        }),
      (post) => post.id,
      (rows) => rows.map(toPostResponse),
    );
  }

  /** Posts by id, with authors, in the order of `ids`; missing ids are skipped. */
  async getMany(ids: number[]): Promise<PostResponseDto[]> {
    if (ids.length === 0) return [];
    const posts = await this.posts.find({ where: { id: In(ids) }, relations: { author: true } });
    const byId = new Map(posts.map((p) => [p.id, p]));
    return ids.flatMap((id) => (byId.has(id) ? [toPostResponse(byId.get(id)!)] : []));
  }

  async update(callerId: number, id: number, dto: UpdatePostDto): Promise<PostResponseDto> {
    await this.tx.run(async (manager) => {
      assertOwner(await this.lockPost(manager, id), callerId);
      // Stamped with the column's own default: TypeORM's implicit CURRENT_TIMESTAMP
      // is whole seconds on MySQL, so an edit would read as older than createdAt.
      const now = manager.dataSource.driver.mappedDataTypes.updateDateDefault;
      await manager.update(Post, { id }, { text: dto.text, updatedAt: () => now });
    });
    return this.get(id);
  }

  async remove(callerId: number, id: number): Promise<void> {
    await this.tx.run(async (manager) => {
      const post = await this.lockPost(manager, id);
      assertOwner(post, callerId);
      await manager.delete(Post, { id });
      await manager.decrement(User, { id: post.userId }, 'postsCount', 1);
    });
  }

  /** Locks the post for the rest of the transaction; 404 if it does not exist. */
  async lockPost(manager: EntityManager, id: number): Promise<Post> {
    const post = await this.tx.lockOne(manager, Post, id);
    if (!post) throw new NotFoundException('Post not found');
    return post;
  }

  async assertExists(id: number): Promise<void> {
    if (!(await this.posts.existsBy({ id }))) throw new NotFoundException('Post not found');
  }
}
