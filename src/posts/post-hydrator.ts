import { Injectable } from '@nestjs/common';
import { names } from '../cache/cache-namespaces.js';
import { type CachedRead, CacheService } from '../cache/cache.service.js';
import { UsersService } from '../users/users.service.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { toPostResponse } from './post.mapper.js';
import { PostsRepository } from './posts.repository.js';

/** A post's own cache entry: what hydration reads for each id. */
function postEntry(id: number): CachedRead {
  return {
    identity: { route: 'post', params: { id }, query: {} },
    dependsOn: [names.post(id), names.authors],
  };
}

/**
 * Turns post ids into posts (the shared view, without `liked`). Lists of posts
 * are cached as ids; each post is read from its own cache entry, all in one
 * round trip, and the misses from the database in one statement (and one for
 * their authors, whose table belongs to the users feature).
 */
@Injectable()
export class PostHydrator {
  constructor(
    private readonly posts: PostsRepository,
    private readonly users: UsersService,
    private readonly cache: CacheService,
  ) {}

  /** The posts of `ids`, in that order, deleted ones left out; `hit` if all came from the cache. */
  async hydrate(ids: number[]): Promise<{ posts: PostResponseDto[]; hit: boolean }> {
    const { values, hit } = await this.cache.readMany(ids.map(postEntry), (missed) =>
      this.loadAligned(missed.map((index) => ids[index])),
    );
    return { posts: values.filter((post) => post !== undefined), hit };
  }

  /** The posts of `ids` from the database, in that order; missing ones left out. */
  async load(ids: number[]): Promise<PostResponseDto[]> {
    return (await this.loadAligned(ids)).filter((post) => post !== undefined);
  }

  private async loadAligned(ids: number[]): Promise<(PostResponseDto | undefined)[]> {
    const rows = await this.posts.findRows(ids);
    const authors = await this.users.summaries(rows.map((row) => row.authorId));
    const byId = new Map(
      rows.flatMap((row) => {
        const author = authors.get(row.authorId);
        return author ? [[row.id, toPostResponse(row, author)] as const] : [];
      }),
    );
    return ids.map((id) => byId.get(id));
  }
}
