import { type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { CacheService } from '../cache/cache.service.js';
import { readAheadFor } from '../cache/cached-read.interceptor.js';
import { authRuleOf } from '../common/decorators/auth.decorator.js';

/**
 * The app-wide guard, applying the rule each route declares with
 * @Authenticated(), @PublicRead() or @PublicIgnoringToken() (auth.decorator.ts).
 * A route that declares none needs a token. On a public read a token is
 * optional, but one that is sent must be valid, so a client never silently
 * loses its identity.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly cache: CacheService) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = authRuleOf(context.getHandler(), context.getClass());
    if (rule === 'ignore') return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    if (rule === 'optional' && request.headers.authorization === undefined) return true;
    // The token check's round trip to the cache brings the route's cached read along.
    readAheadFor(context, this.cache);
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(err: unknown, user: TUser | false): TUser {
    // A failed verification arrives as `user === false`; an error is something
    // else going wrong (the database, say) and must not pass for a bad token.
    if (err) throw err;
    if (!user) throw new UnauthorizedException('Invalid or missing access token');
    return user;
  }
}
