import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';
import { ApiDefaultError } from './api-errors.decorator.js';
import { Public } from './public.decorator.js';

export const BEARER = 'bearer';

/** A route that needs a valid access token (the default; this documents it). */
export const Authenticated = () =>
  applyDecorators(
    ApiBearerAuth(BEARER),
    ApiDefaultError(401, 'No access token, or an invalid or expired one'),
  );

/**
 * A public read: anyone may call it; a valid token adds the caller's own fields,
 * an invalid one is refused. Documented as optional bearer security (`[{bearer: []}, {}]`).
 */
export const PublicRead = () =>
  applyDecorators(
    Public('optional-token'),
    ApiBearerAuth(BEARER),
    ApiSecurity({}),
    ApiDefaultError(
      401,
      'The access token sent is invalid or expired (send none to read anonymously)',
    ),
  );

/** A public route that never reads the Authorization header. */
export const PublicIgnoringToken = () => Public('ignore-token');
