import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { from, type Observable, switchMap } from 'rxjs';
import { CACHE_HEADER } from '../cache/cached-read.interceptor.js';
import { readAheadOf } from '../cache/read-ahead.js';
import { type Page } from '../common/pagination/page.js';
import { InterceptorLayer } from '../common/interceptor-layers.js';
import { PostHydrator } from './post-hydrator.js';
import { postRowsOf } from './post-rows-page.js';

/**
 * Handlers of post lists return pages of post ids, which is what `@Cached`
 * stores; this interceptor, outside the cache and inside the personalisation,
 * turns them into posts, each from its own cache entry. The response says
 * `X-Cache: HIT` only if the page and every post in it came from the cache.
 */
@Injectable()
export class HydratePostsInterceptor implements NestInterceptor {
  static readonly layer = InterceptorLayer.Hydrate;

  constructor(private readonly hydrator: PostHydrator) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    // The caller's `liked` for these posts comes in the same round trip (ReadAhead).
    const ahead = readAheadOf(http.getRequest<object>());
    return next.handle().pipe(
      switchMap((page: Page<number>) =>
        from(
          this.hydrator.hydrate(page.items, postRowsOf(page), ahead).then(({ posts, hit }) => {
            if (!hit) reply.header(CACHE_HEADER, 'MISS');
            return { ...page, items: posts };
          }),
        ),
      ),
    );
  }
}

/**
 * The handler returns a page of post ids; the response is a page of posts.
 * List it below `@Cached` and above `@Personalise` (see InterceptorLayer).
 */
export const HydratePosts = () => UseInterceptors(HydratePostsInterceptor);
