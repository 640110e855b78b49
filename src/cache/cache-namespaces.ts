import { isPathId } from '../common/pipes/parse-id.pipe.js';

/**
 * The cache's namespaces: the one list of what a cached read can depend on and
 * what a write can invalidate.
 *
 * Every namespace has a version (a random token kept in the cache store, so
 * every process sharing the Redis sees the same one). A cached entry holds the
 * versions of the namespaces it depends on, and is served only while they are
 * current; a write replaces the versions of the namespaces it changes before
 * its response is sent, so every later read finds its entry stale and misses.
 * A stale entry is overwritten by the next load, or expires after CACHE_TTL.
 *
 * | namespace      | what it stands for                                   |
 * | -------------- | ---------------------------------------------------- |
 * | `all`          | everything (the epoch)                               |
 * | `user:{id}`    | one user's profile and counters                      |
 * | `user-lists`   | any profile or counter inside a list or lookup       |
 * | `post:{id}`    | one post (text, likesCount) and who liked it         |
 * | `post-lists`   | which posts exist, in any list of post ids           |
 * | `authors`      | the author names embedded in posts                   |
 * | `feed:{id}`    | whom user id follows (their feed's authors)          |
 * | `home:{id}`    | which posts user id's home timeline holds            |
 * | `timelines`    | how every home timeline is made (its epoch, the      |
 * |                | authors merged at read time)                         |
 * | `likes-of:{id}`| which posts user id likes                            |
 * | `credentials:{id}` | user id's credentials version (the token check)  |
 *
 * Lists of posts (GET /posts, /users/:id/likes, /feed) cache pages of ids, and
 * each post comes from its own entry (see CacheService.readMany): a like
 * changes `post:{id}` and the liker's `likes-of`, and no page of ids.
 *
 * Reads declare what they depend on with `@Cached({dependsOn})` next to the
 * route; which event replaces which versions is the one table in
 * src/cache-invalidation/.
 */
export const names = {
  all: 'all',
  user: (id: number | string) => `user:${id}`,
  userLists: 'user-lists',
  post: (id: number | string) => `post:${id}`,
  postLists: 'post-lists',
  authors: 'authors',
  feed: (id: number | string) => `feed:${id}`,
  home: (id: number | string) => `home:${id}`,
  timelines: 'timelines',
  likesOf: (id: number | string) => `likes-of:${id}`,
  credentials: (id: number | string) => `credentials:${id}`,
} as const;

/** The parts of a request that a namespace can be named from. */
export interface RequestScope {
  params: Record<string, string | undefined>;
  callerId?: number;
}

/** Names a namespace for one request. */
export type NamespaceRef = (scope: RequestScope) => string;

/** Names an id for one request: a path parameter or the caller. */
export type IdRef = (scope: RequestScope) => string | number;

/**
 * A read whose path id is malformed: it will answer 400 (ParseIdPipe, which
 * runs after the cache interceptor), so it is not cached, and no version is
 * made for a namespace that could not exist.
 */
export class NotAPathId extends Error {}

/**
 * The id in path parameter `name`, in the plain decimal ParseIdPipe accepts,
 * so `/posts/7` and a write to `/posts/7/like` always name the same `post:7`.
 */
export const param =
  (name: string): IdRef =>
  (scope) => {
    const value = scope.params[name];
    if (value === undefined) throw new Error(`cache namespace needs path parameter :${name}`);
    if (!isPathId(value)) throw new NotAPathId(`:${name} is not an id`);
    return value;
  };

/** The authenticated caller's id. */
export const caller: IdRef = (scope) => {
  if (scope.callerId === undefined)
    throw new Error('cache namespace needs an authenticated caller');
  return scope.callerId;
};

const fixed =
  (name: string): NamespaceRef =>
  () =>
    name;
const keyed =
  (name: (id: number | string) => string) =>
  (id: IdRef): NamespaceRef =>
  (scope) =>
    name(id(scope));

export const ALL = names.all;

/** The namespaces of a request, for `@Cached({dependsOn})`. */
export const Ns = {
  all: fixed(ALL),
  user: keyed(names.user),
  userLists: fixed(names.userLists),
  post: keyed(names.post),
  postLists: fixed(names.postLists),
  authors: fixed(names.authors),
  feed: keyed(names.feed),
  home: keyed(names.home),
  timelines: fixed(names.timelines),
  likesOf: keyed(names.likesOf),
} as const;
