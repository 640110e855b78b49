import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { type NamespaceRef } from './cache-namespaces.js';
import { CACHED_READ, type CachedReadOptions, INVALIDATES } from './cache.metadata.js';
import { CachedReadInterceptor } from './cached-read.interceptor.js';
import { InvalidateInterceptor } from './invalidate.interceptor.js';

/**
 * Serves this GET through the cache, keyed by route, parameters, query (and
 * caller, for `perCaller`) and the versions of `dependsOn`.
 *
 * List it ABOVE `@Personalise(...)`: method decorators apply bottom-up, and the
 * interceptor applied last runs innermost, which is where the cache must be so
 * that it stores the shared view only. The app refuses to start otherwise.
 */
export const Cached = (options: CachedReadOptions) =>
  applyDecorators(SetMetadata(CACHED_READ, options), UseInterceptors(CachedReadInterceptor));

/** Declares the namespaces this write changes; their versions are replaced before it answers. */
export const Invalidates = (...namespaces: NamespaceRef[]) =>
  applyDecorators(SetMetadata(INVALIDATES, namespaces), UseInterceptors(InvalidateInterceptor));
