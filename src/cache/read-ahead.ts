import { type CachedRead } from './cache-keys.js';

/** What one round trip found for a read: the versions it read (by namespace) and the entry. */
export interface Fetched {
  versions: ReadonlyMap<string, string | undefined>;
  entry: unknown;
}

// Beside the request, not on it: a property added to Fastify's request objects
// would change their shape, which every request pays for.
const byRequest = new WeakMap<object, ReadAhead>();

/**
 * The cached reads a request will make next, fetched early in the round trip
 * of a read it makes before them, so that a warm authenticated page costs two
 * round trips to the store instead of four: the token check brings the
 * route's own cached read along, the posts of a page bring the caller's
 * personal fields for them.
 *
 * Only the fetching moves: each read still checks what was fetched against
 * the versions read in that same round trip, before anything is loaded, and
 * mints a missing one, exactly as if it had fetched them itself a moment
 * later (docs/CACHING.md). What is fetched is used at most once, by the same
 * request, and a read whose entry was not fetched ahead makes its own trip.
 */
export class ReadAhead {
  /** The route's cached read, for the caller the token names (set by the guard). */
  afterToken?: (callerId: number) => CachedRead | undefined;
  /** The caller's own fields for items of these ids (set by @Personalise). */
  withItems?: (ids: number[]) => CachedRead | undefined;
  private readonly fetched = new Map<string, Fetched>();

  keep(key: string, fetched: Fetched): void {
    this.fetched.set(key, fetched);
  }

  /** What was fetched for the entry `key`, once. */
  take(key: string): Fetched | undefined {
    const fetched = this.fetched.get(key);
    if (fetched) this.fetched.delete(key);
    return fetched;
  }
}

/** The request's ReadAhead, made on first use by those who plan one (the guard, @Personalise). */
export function planReadAhead(request: object): ReadAhead {
  let ahead = byRequest.get(request);
  if (!ahead) byRequest.set(request, (ahead = new ReadAhead()));
  return ahead;
}

/** The request's ReadAhead, if anyone planned one: for the reads that may use it. */
export function readAheadOf(request: object): ReadAhead | undefined {
  return byRequest.get(request);
}
