import { applyDecorators, SetMetadata, UseInterceptors } from '@nestjs/common';
import { CACHED_READ, type CachedReadOptions } from './cache.metadata.js';
import { CachedReadInterceptor } from './cached-read.interceptor.js';

/**
 * Serves this GET through the cache, keyed by route, parameters, query (and
 * caller, for `perCaller`) and the versions of `dependsOn`.
 *
 * List it ABOVE `@HydratePosts()` and `@Personalise(...)`: method decorators
 * apply bottom-up, and the interceptor applied last runs innermost, which is
 * where the cache must be so that it stores the shared view only. The app
 * refuses to start otherwise (InterceptorLayer).
 *
 * Writes declare nothing: services announce domain events, and the listener in
 * src/cache-invalidation/ replaces the versions each event changes.
 */
export const Cached = (options: CachedReadOptions) =>
  applyDecorators(SetMetadata(CACHED_READ, options), UseInterceptors(CachedReadInterceptor));
