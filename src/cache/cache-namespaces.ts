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
 * | namespace    | what it stands for                 | read by                                   |
 * | ------------ | ---------------------------------- | ----------------------------------------- |
 * | `all`        | everything (the epoch)             | every cached read, implicitly             |
 * | `user:{id}`  | one user's profile and counters    | GET /users/:id                            |
 * | `user-lists` | any user's profile and counters    | GET /users, /users/by/username/:username, |
 * |              | inside a list or lookup            | /users/:id/followers, /following,         |
 * |              |                                    | /posts/:id/likes                          |
 * | `post:{id}`  | one post and who liked it          | GET /posts/:id, /posts/:id/likes          |
 * | `post-lists` | any post inside a list             | GET /posts, /users/:id/likes, /feed       |
 * | `authors`    | author names embedded in posts     | GET /posts/:id                            |
 * | `feed:{id}`  | whom user id follows (feed authors) | GET /feed of that caller                 |
 *
 * Which write replaces which versions is declared on each write with
 * `@Invalidates(...)`, next to the route; the rules behind those declarations:
 * - a post's fields (text, likesCount, existence) change `post:{id}` and `post-lists`;
 * - a user's counters or profile change `user:{id}` and `user-lists`;
 * - a rename changes `authors` and `post-lists` (the author summary is in every post);
 * - a follow changes both users' counters and the follower's `feed:{id}`;
 * - deleting an account changes rows nobody names (counters of everyone it
 *   followed, likesCount of every post it liked), so it changes `all`.
 */

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
  (kind: string) =>
  (id: IdRef): NamespaceRef =>
  (scope) =>
    `${kind}:${id(scope)}`;

export const ALL = 'all';

export const Ns = {
  all: fixed(ALL),
  user: keyed('user'),
  userLists: fixed('user-lists'),
  post: keyed('post'),
  postLists: fixed('post-lists'),
  authors: fixed('authors'),
  feed: keyed('feed'),
} as const;
