import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrors } from './api-errors.decorator.js';
import { Public } from './public.decorator.js';

export const BEARER = 'bearer';

/** A route that needs a valid access token (the default; this documents it). */
export const Authenticated = () => applyDecorators(ApiBearerAuth(BEARER), ApiErrors(401));

/**
 * A public read: anyone may call it; a valid token adds the caller's own fields,
 * an invalid one is refused.
 */
export const PublicRead = () =>
  applyDecorators(Public('optional-token'), ApiBearerAuth(BEARER), ApiErrors(401));

/** A public route that never reads the Authorization header. */
export const PublicIgnoringToken = () => Public('ignore-token');
