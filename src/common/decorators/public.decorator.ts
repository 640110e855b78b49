import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'auth:public';

export type PublicMode =
  /** No token needed; a valid one personalises the response, an invalid one is a 401. */
  | 'optional-token'
  /** The Authorization header is not read at all (login, register, refresh, logout). */
  | 'ignore-token';

/** Opens a route to anonymous callers. */
export const Public = (mode: PublicMode = 'optional-token') => SetMetadata(PUBLIC_ROUTE, mode);
