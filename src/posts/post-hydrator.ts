import { Injectable } from '@nestjs/common';
import { names } from '../cache/cache-namespaces.js';
import { type CachedRead, CacheService } from '../cache/cache.service.js';
import { type ReadAhead } from '../cache/read-ahead.js';
import { UsersService } from '../users/users.service.js';
import { PostResponseDto } from './dto/post-response.dto.js';
import { toPostResponse } from './post.mapper.js';
import { type PostRow, PostsRepository } from './posts.repository.js';

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
 * round trip, and the misses from the database in one statement (none if the
 * page was just read whole) and one for their authors, whose table belongs to
 * the users feature.
 */
@Injectable()
export class PostHydrator {
  constructor(
    private readonly posts: PostsRepository,
    private readonly users: UsersService,
    private readonly cache: CacheService,
  ) {}

  /**
   * The posts of `ids`, in that order, deleted ones left out; `hit` if all came
   * from the cache. `known` are rows of some of them just read from the database
   * (a page read whole): a post missing from the cache is taken from them first.
   * The same round trip fetches what `ahead` asks for these ids (the caller's
   * `liked`, see ReadAhead).
   */
  async hydrate(
    ids: number[],
    known: readonly PostRow[] = [],
    ahead?: ReadAhead,
  ): Promise<{ posts: PostResponseDto[]; hit: boolean }> {
    const { values, hit } = await this.cache.readMany(
      ids.map(postEntry),
      (missed) =>
        this.loadAligned(
          missed.map((index) => ids[index]),
          known,
        ),
      ahead,
      [ahead?.withItems?.(ids)],
    );
    return { posts: values.filter((post) => post !== undefined), hit };
  }

  /** The posts of `ids` from the database, in that order; missing ones left out. */
  async load(ids: number[]): Promise<PostResponseDto[]> {
    return (await this.loadAligned(ids)).filter((post) => post !== undefined);
  }

  private async loadAligned(
    ids: number[],
    known: readonly PostRow[] = [],
  ): Promise<(PostResponseDto | undefined)[]> {
    const wanted = new Set(ids);
    const rows = known.filter((row) => wanted.has(row.id));
    const found = new Set(rows.map((row) => row.id));
    const unknown = ids.filter((id) => !found.has(id));
    if (unknown.length > 0) rows.push(...(await this.posts.findRows(unknown)));
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
