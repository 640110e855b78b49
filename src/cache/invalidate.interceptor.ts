import {
  type CallHandler,
  type ExecutionContext,
  HttpException,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, concatMap, type Observable } from 'rxjs';
import { type NamespaceRef } from './cache-namespaces.js';
import { INVALIDATES } from './cache.metadata.js';
import { CacheService } from './cache.service.js';
import { type CacheableRequest } from './cached-read.interceptor.js';

/**
 * After a write, replaces the versions of the namespaces it declared, and only
 * then lets the response go: once a client has the answer, no process sharing
 * the cache serves a read from before the write.
 */
@Injectable()
export class InvalidateInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly cache: CacheService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const refs = this.reflector.get<NamespaceRef[] | undefined>(INVALIDATES, context.getHandler());
    if (!refs?.length) return next.handle();
    const request = context.switchToHttp().getRequest<CacheableRequest>();
    const invalidate = () =>
      this.cache.invalidate(
        refs.map((ref) => ref({ params: request.params ?? {}, callerId: request.user?.id })),
      );
    return next.handle().pipe(
      concatMap(async (body: unknown) => {
        await invalidate();
        return body;
      }),
      catchError(async (error: unknown) => {
        if (mayHaveWritten(error)) await invalidate();
        throw error;
      }),
    );
  }
}

/**
 * A 4xx is raised before anything is written (validation, ownership, not
 * found, conflict: each write runs in one transaction). Anything else may
 * have come after a commit, so it invalidates too: a needless invalidation
 * costs a miss, a missed one would serve stale data.
 */
function mayHaveWritten(error: unknown): boolean {
  return !(error instanceof HttpException && error.getStatus() < 500);
}
