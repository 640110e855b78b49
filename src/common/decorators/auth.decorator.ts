import { applyDecorators, SetMetadata } from '@nestjs/common';
import type { SecurityRequirementObject } from '@nestjs/swagger';
import { ApiDefaultError } from './api-errors.decorator.js';

export const BEARER = 'bearer';

/** The metadata key of a route's auth rule, read by the global JwtAuthGuard. */
export const AUTH_RULE = 'auth:rule';

export type AuthRule =
  /** A valid access token is needed (401 without one). */
  | 'required'
  /** No token needed; a valid one personalises the response, an invalid one is a 401. */
  | 'optional'
  /** The Authorization header is not read at all (login, register, refresh, logout). */
  | 'ignore';

/**
 * What each rule looks like in the OpenAPI document. The document step
 * (swagger.ts) writes it for every operation from the same metadata the guard
 * reads, so the two cannot drift; @nestjs/swagger alone cannot write the empty
 * list (it drops empty security metadata).
 */
export const SECURITY: Record<AuthRule, SecurityRequirementObject[]> = {
  required: [{ [BEARER]: [] }],
  optional: [{ [BEARER]: [] }, {}],
  ignore: [],
};

/**
 * The rule of a route: its handler's, else its controller's, else `required`.
 * A route declared with no rule fails closed: it needs a token (and the OpenAPI
 * spec refuses any route of the app that declares none).
 */
export function authRuleOf(handler: object, controller: object): AuthRule {
  const declared = (Reflect.getMetadata(AUTH_RULE, handler) ??
    Reflect.getMetadata(AUTH_RULE, controller)) as AuthRule | undefined;
  return declared ?? 'required';
}

/** Whether the route or its controller declares a rule itself. */
export const declaresAuthRule = (handler: object, controller: object): boolean =>
  Reflect.hasMetadata(AUTH_RULE, handler) || Reflect.hasMetadata(AUTH_RULE, controller);

/** A route that needs a valid access token. */
export const Authenticated = () =>
  applyDecorators(
    SetMetadata(AUTH_RULE, 'required' satisfies AuthRule),
    ApiDefaultError(401, 'No access token, or an invalid or expired one'),
  );

/**
 * A public read: anyone may call it; a valid token adds the caller's own fields,
 * an invalid one is refused. Documented as optional bearer security (`[{bearer: []}, {}]`).
 */
export const PublicRead = () =>
  applyDecorators(
    SetMetadata(AUTH_RULE, 'optional' satisfies AuthRule),
    ApiDefaultError(
      401,
      'The access token sent is invalid or expired (send none to read anonymously)',
    ),
  );

/**
 * A public route that never reads the Authorization header, so that a client
 * with a stale token can always log in again. Documented as `security: []`.
 */
export const PublicIgnoringToken = () => SetMetadata(AUTH_RULE, 'ignore' satisfies AuthRule);
