/**
 * What a loaded result can tell the cache about itself, when only the load
 * knows it: the home feed declares every namespace a page of it may depend on,
 * and a page served from a precomputed timeline depends on fewer of them (not
 * on `post-lists`, which every new post replaces), and on none of the posts
 * merged in at read time, which only a short life keeps fresh.
 *
 * The hint rides on the result as a hidden property: it is never stored nor
 * sent, and a copy of the result (`{ ...page }`) does not carry it.
 */
export interface CacheHint {
  /**
   * Of the namespaces the read declared (`all` is always kept), the only ones
   * this result depends on. A name the read did not declare is ignored: its
   * version was not read before loading, so it could not be checked.
   */
  narrowTo?: string[];
  /** Keep the entry at most this long (less than CACHE_TTL). */
  ttlMs?: number;
}

const HINT = Symbol('cache hint');

/** Attaches `hint` to `value` (returned) for the cache that stores it. */
export function withCacheHint<T extends object>(value: T, hint: CacheHint): T {
  Object.defineProperty(value, HINT, { value: hint, enumerable: false });
  return value;
}

/** The hint attached to `value`, if any. */
export function cacheHintOf(value: unknown): CacheHint | undefined {
  return typeof value === 'object' && value !== null
    ? (value as { [HINT]?: CacheHint })[HINT]
    : undefined;
}
