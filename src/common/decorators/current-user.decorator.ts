import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * Who is calling, as established by the JWT guard: the id alone. The profile
 * (username included) can change under a live token; read it from UsersService.
 */
export interface AuthUser {
  id: number;
}

/** The caller, or undefined on a public route called without a token. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthUser | undefined =>
    ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user,
);
