import { Injectable, NotFoundException } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import { DomainEvents } from '../common/events/domain-events.js';
import { assertOwner } from '../common/ownership.js';
import { type Page } from '../common/pagination/page.js';
import { TransactionService } from '../database/transaction.service.js';
import { UsersService } from '../users/users.service.js';
import { CreatePostDto } from './dto/create-post.dto.js';
import { ListPostsQueryDto } from './dto/list-posts-query.dto.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { UpdatePostDto } from './dto/update-post.dto.js';
import { PostHydrator } from './post-hydrator.js';
import { paginatePostRows } from './post-rows-page.js';
import { type Post } from './post.entity.js';
import { PostCreated, PostDeleted, PostEdited } from './posts.events.js';
import { PostsRepository } from './posts.repository.js';

@Injectable()
export class PostsService {
  constructor(
    private readonly posts: PostsRepository,
    private readonly users: UsersService,
    private readonly hydrator: PostHydrator,
    private readonly tx: TransactionService,
    private readonly events: DomainEvents,
  ) {}

  async create(authorId: number, dto: CreatePostDto): Promise<PostResponseDto> {
    const id = await this.tx.run(async (manager) => {
      // The counter first: its row lock serializes this author's concurrent posts.
      const moved = await this.users.addToCounter(manager, [authorId], 'postsCount', 1);
      if (!moved) throw new NotFoundException('Your account no longer exists');
      return this.posts.insert(manager, authorId, dto.text);
    });
    await this.events.publish(new PostCreated(id, authorId));
    return this.readBack(id);
  }

  /** One post, read from the database. */
  async get(id: number): Promise<PostResponseDto> {
    const [post] = await this.hydrator.load([id]);
    if (!post) throw new NotFoundException('Post not found');
    return post;
  }

  /**
   * A post just written, for the write's answer, read through the post's own
   * cache entry (after the write's event replaced its versions): the reload the
   * answer needs anyway fills the entry that the followers' feeds hydrate, so
   * the first of them does not load it from the database again.
   */
  private async readBack(id: number): Promise<PostResponseDto> {
    const {
      posts: [post],
    } = await this.hydrator.hydrate([id]);
    if (!post) throw new NotFoundException('Post not found');
    return post;
  }

  /** Ids of all posts, or one author's, newest first; see PostHydrator for the posts. */
  listIds(query: ListPostsQueryDto): Promise<Page<number>> {
    return paginatePostRows(query, ({ before, take }) =>
      this.posts.pageRows(query.authorId, before, take),
    );
  }

  async update(callerId: number, id: number, dto: UpdatePostDto): Promise<PostResponseDto> {
    await this.tx.run(async (manager) => {
      assertOwner(await this.lock(manager, id), callerId);
      await this.posts.updateText(manager, id, dto.text);
    });
    await this.events.publish(new PostEdited(id, callerId));
    return this.readBack(id);
  }

  async remove(callerId: number, id: number): Promise<void> {
    await this.tx.run(async (manager) => {
      const post = await this.lock(manager, id);
      assertOwner(post, callerId);
      await this.posts.delete(manager, id);
      await this.users.addToCounter(manager, [post.userId], 'postsCount', -1);
    });
    await this.events.publish(new PostDeleted(id, callerId));
  }

  /** Locks the post for the rest of the transaction; 404 if it does not exist. */
  private async lock(manager: EntityManager, id: number): Promise<Post> {
    const post = await this.posts.lock(manager, id);
    if (!post) throw new NotFoundException('Post not found');
    return post;
  }

  async assertExists(id: number): Promise<void> {
    if (!(await this.posts.exists(id))) throw new NotFoundException('Post not found');
  }
}
