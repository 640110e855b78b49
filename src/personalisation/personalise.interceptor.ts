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
import { type AuthUser } from '../common/decorators/current-user.decorator.js';
import { ViewerStateService } from './viewer-state.service.js';

type Kind = 'user' | 'post';
const PERSONALISE = 'personalise:kind';

interface Identified {
  id: number;
}

/**
 * Handlers return the shared view of a resource, the same for every caller,
 * so it can be cached. This interceptor runs outside any cache and adds the
 * caller's own fields (`following` on users, `liked` on posts) to a single
 * item or to every item of a page, with one query for the whole response.
 */
@Injectable()
export class PersonaliseInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly viewer: ViewerStateService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const kind = this.reflector.get<Kind | undefined>(PERSONALISE, context.getHandler());
    const caller = context.switchToHttp().getRequest<{ user?: AuthUser }>().user;
    if (!kind || !caller) return next.handle();
    return next
      .handle()
      .pipe(switchMap((body: unknown) => from(this.apply(kind, caller.id, body))));
  }

  private async apply(kind: Kind, viewerId: number, body: unknown): Promise<unknown> {
    const page = body as { items?: Identified[] } | undefined;
    const items: Identified[] = Array.isArray(page?.items)
      ? page.items
      : body
        ? [body as Identified]
        : [];
    const ids = items.map((item) => item.id);
    const field = kind === 'user' ? 'following' : 'liked';
    const marked =
      kind === 'user'
        ? await this.viewer.followedAmong(viewerId, ids)
        : await this.viewer.likedAmong(viewerId, ids);
    // Copy, never mutate: the shared view may be the very object held by an in-process cache.
    const personalised = items.map((item) => ({ ...item, [field]: marked.has(item.id) }));
    return Array.isArray(page?.items) ? { ...page, items: personalised } : personalised[0];
  }
}

/** Marks a handler whose result (an item or a page) gets the caller's fields of that kind. */
export const Personalise = (kind: Kind) =>
  applyDecorators(SetMetadata(PERSONALISE, kind), UseInterceptors(PersonaliseInterceptor));
