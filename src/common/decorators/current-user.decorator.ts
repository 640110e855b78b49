import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/** Who is calling, as established by the JWT guard. */
export interface AuthUser {
  id: number;
  username: string;
}

/** The caller, or undefined on a public route called without a token. */
export const CurrentUser = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): AuthUser | undefined =>
    ctx.switchToHttp().getRequest<{ user?: AuthUser }>().user,
);
