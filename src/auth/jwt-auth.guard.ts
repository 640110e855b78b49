import { type ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { PUBLIC_ROUTE, type PublicMode } from '../common/decorators/public.decorator.js';

/**
 * The app-wide guard. Every route needs a valid access token unless marked
 * @Public(); on a public route a token is optional, but one that is sent must
 * be valid, so a client never silently loses its identity.
 */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const mode = this.reflector.getAllAndOverride<PublicMode | undefined>(PUBLIC_ROUTE, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (mode === 'ignore-token') return true;
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    if (mode === 'optional-token' && request.headers.authorization === undefined) return true;
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
