import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
  applyDecorators,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, Observable, switchMap } from 'rxjs';
import { type CachedRead, CacheService } from '../cache/cache.service.js';
import { type ReadAhead } from '../cache/read-ahead.js';
import { type AuthUser } from '../common/decorators/current-user.decorator.js';
import { InterceptorLayer } from '../common/interceptor-layers.js';
import { type PersonalKind, ViewerStateRegistry } from './viewer-state.registry.js';

const PERSONALISE = 'personalise:kind';

interface Identified {
  id: number;
}

export interface PersonaliseOptions {
  /**
   * The handler answers what its own request just created (a new post): nobody,
   * the caller included, can have a relation to it yet, so the field is false
   * without a read (a cache round trip and a statement per write saved).
   */
  created?: boolean;
}

interface Personalisation extends PersonaliseOptions {
  kind: PersonalKind;
}

/**
 * Handlers return the shared view of a resource, the same for every caller,
 * so it can be cached. This interceptor runs outside any cache and adds the
 * caller's own fields (`following` on users, `liked` on posts) to a single
 * item or to every item of a page, with one query for the whole response.
 */
@Injectable()
export class PersonaliseInterceptor implements NestInterceptor {
  static readonly layer = InterceptorLayer.Personalise;

  constructor(
    private readonly reflector: Reflector,
    private readonly viewerState: ViewerStateRegistry,
    private readonly cache: CacheService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const how = this.reflector.get<Personalisation | undefined>(PERSONALISE, context.getHandler());
    const request = context.switchToHttp().getRequest<{ user?: AuthUser }>();
    const caller = request.user;
    if (!how || !caller) return next.handle();
    // Whoever reads the items of the response (the posts of a page) may fetch
    // the caller's fields for them in the same round trip (ReadAhead). Not for
    // what the request itself created: there is nothing to read.
    const ahead = how.created ? undefined : this.cache.planReadAhead(request);
    if (ahead)
      ahead.withItems = (ids) => this.describe(how.kind, caller.id, distinctAscending(ids));
    return next
      .handle()
      .pipe(switchMap((body: unknown) => from(this.apply(how, caller.id, body, ahead))));
  }

  private async apply(
    { kind, created }: Personalisation,
    viewerId: number,
    body: unknown,
    ahead: ReadAhead | undefined,
  ): Promise<unknown> {
    const page = body as { items?: Identified[] } | undefined;
    const items: Identified[] = Array.isArray(page?.items)
      ? page.items
      : body
        ? [body as Identified]
        : [];
    const { field } = this.viewerState.get(kind);
    const marked = created
      ? new Set<number>()
      : await this.marked(
          kind,
          viewerId,
          items.map((item) => item.id),
          ahead,
        );
    // Copy, never mutate: the shared view may be the very object held by an in-process cache.
    const personalised = items.map((item) => ({ ...item, [field]: marked.has(item.id) }));
    return Array.isArray(page?.items) ? { ...page, items: personalised } : personalised[0];
  }

  /**
   * Which of `ids` the viewer has the relation to, read through the cache: per
   * viewer and set of ids, depending on the viewer's own namespace, which the
   * viewer's like or follow replaces before it answers. A warm personalised
   * read then costs no database round trip.
   */
  private async marked(
    kind: PersonalKind,
    viewerId: number,
    ids: number[],
    ahead: ReadAhead | undefined,
  ): Promise<Set<number>> {
    const unique = distinctAscending(ids);
    const read = this.describe(kind, viewerId, unique);
    if (!read) return new Set();
    const { among } = this.viewerState.get(kind);
    const { value } = await this.cache.read(
      read,
      async () => [...(await among(viewerId, unique))],
      ahead,
    );
    return new Set(value);
  }

  /** The cached read of the viewer's relation to `unique` (distinct, ascending); undefined for none. */
  private describe(kind: PersonalKind, viewerId: number, unique: number[]): CachedRead | undefined {
    if (unique.length === 0) return undefined;
    return {
      identity: {
        route: `viewer-state:${kind}`,
        params: { viewerId },
        query: { ids: unique.join(',') },
      },
      dependsOn: this.viewerState.get(kind).dependsOn(viewerId),
    };
  }
}

const distinctAscending = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);

/** Marks a handler whose result (an item or a page) gets the caller's fields of that kind. */
export const Personalise = (kind: PersonalKind, options: PersonaliseOptions = {}) =>
  applyDecorators(
    SetMetadata(PERSONALISE, { kind, ...options } satisfies Personalisation),
    UseInterceptors(PersonaliseInterceptor),
  );
