import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { defer, lastValueFrom, map, type Observable } from 'rxjs';
import { type AuthUser } from '../common/decorators/current-user.decorator.js';
import { InterceptorLayer } from '../common/interceptor-layers.js';
import { caller, NotAPathId, type RequestScope } from './cache-namespaces.js';
import { CACHED_READ, type CachedReadOptions } from './cache.metadata.js';
import { type CachedRead, CacheService } from './cache.service.js';

export interface CacheableRequest {
  method: string;
  params: Record<string, string | undefined>;
  query: Record<string, unknown>;
  user?: AuthUser;
}

export const CACHE_HEADER = 'X-Cache';

/**
 * Serves a GET handler's result through the cache and says which it was in
 * `X-Cache`. It must run inside @Personalise (see interceptor-order.ts): what
 * it stores is the handler's shared view, never a caller's personal fields.
 */
@Injectable()
export class CachedReadInterceptor implements NestInterceptor {
  static readonly layer = InterceptorLayer.Cache;

  constructor(
    private readonly reflector: Reflector,
    private readonly cache: CacheService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const options = this.reflector.get<CachedReadOptions | undefined>(
      CACHED_READ,
      context.getHandler(),
    );
    const http = context.switchToHttp();
    const request = http.getRequest<CacheableRequest>();
    if (!options || (request.method !== 'GET' && request.method !== 'HEAD')) return next.handle();
    const reply = http.getResponse<FastifyReply>();
    // Set before the handler runs, so that errors (never cached) say MISS too.
    reply.header(CACHE_HEADER, 'MISS');
    let read: CachedRead;
    try {
      read = describeRead(context, request, options);
    } catch (error) {
      if (error instanceof NotAPathId) return next.handle();
      throw error;
    }
    return defer(() => this.cache.read(read, () => lastValueFrom(next.handle()))).pipe(
      map(({ value, hit }) => {
        if (hit) reply.header(CACHE_HEADER, 'HIT');
        return value;
      }),
    );
  }
}

function describeRead(
  context: ExecutionContext,
  request: CacheableRequest,
  options: CachedReadOptions,
): CachedRead {
  const scope: RequestScope = { params: request.params ?? {}, callerId: request.user?.id };
  return {
    identity: {
      route: `${context.getClass().name}.${context.getHandler().name}`,
      params: scope.params,
      query: request.query ?? {},
      callerId: options.perCaller ? Number(caller(scope)) : undefined,
    },
    dependsOn: options.dependsOn.map((ref) => ref(scope)),
  };
}
