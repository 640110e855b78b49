import { type NamespaceRef } from './cache-namespaces.js';

export const CACHED_READ = 'cache:read';

export interface CachedReadOptions {
  /** The namespaces whose writes change this read's result (`all` is implied). */
  dependsOn: NamespaceRef[];
  /**
   * The handler's result differs per caller (the feed): the key includes the
   * caller's id. Leave unset for shared views, whose personal fields are added
   * by @Personalise outside the cache.
   */
  perCaller?: boolean;
}
