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
import { readAheadOf } from './read-ahead.js';

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
    const read = describeRead(context, request, options, request.user?.id);
    if (!read) return next.handle();
    // Its entry may have come with the token check already (see readAheadFor).
    const ahead = readAheadOf(request);
    return defer(() => this.cache.read(read, () => lastValueFrom(next.handle()), ahead)).pipe(
      map(({ value, hit }) => {
        if (hit) reply.header(CACHE_HEADER, 'HIT');
        return value;
      }),
    );
  }
}

/**
 * Lets the token check of a cached GET fetch the route's cached read in its
 * own round trip (ReadAhead): called by the JWT guard before it verifies the
 * token, with the caller's id once it is known.
 */
export function readAheadFor(context: ExecutionContext, cache: CacheService): void {
  const request = context.switchToHttp().getRequest<CacheableRequest>();
  if (request.method !== 'GET' && request.method !== 'HEAD') return;
  const options = Reflect.getMetadata(CACHED_READ, context.getHandler()) as
    CachedReadOptions | undefined;
  if (!options) return;
  const ahead = cache.planReadAhead(request);
  if (ahead) ahead.afterToken = (callerId) => describeRead(context, request, options, callerId);
}

/** The read a request makes; undefined when its path id is malformed (a 400, never cached). */
function describeRead(
  context: ExecutionContext,
  request: CacheableRequest,
  options: CachedReadOptions,
  callerId: number | undefined,
): CachedRead | undefined {
  const scope: RequestScope = { params: request.params ?? {}, callerId };
  try {
    return {
      identity: {
        route: `${context.getClass().name}.${context.getHandler().name}`,
        params: scope.params,
        query: request.query ?? {},
        callerId: options.perCaller ? Number(caller(scope)) : undefined,
      },
      dependsOn: options.dependsOn.map((ref) => ref(scope)),
    };
  } catch (error) {
    if (error instanceof NotAPathId) return undefined;
    throw error;
  }
}
