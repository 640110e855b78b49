import { createSecretKey } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { readAheadOf } from '../cache/read-ahead.js';
import { authConfig } from '../config/auth.config.js';
import { type AuthUser } from '../common/decorators/current-user.decorator.js';
import { type AccessTokenPayload, AccessTokens } from './access-tokens.js';

/**
 * Verifies access tokens: HS256 only, issuer and audience pinned, `exp` required,
 * and the account's credentials unchanged since the token was issued.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    private readonly tokens: AccessTokens,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: given a string (or a Buffer), jsonwebtoken first
      // tries to parse it as a PEM public key, and throws, on every verification;
      // that was a fifth of the CPU time of an authenticated request. Its typings
      // predate KeyObject support.
      secretOrKey: createSecretKey(Buffer.from(config.secret, 'utf8')) as unknown as Buffer,
      algorithms: ['HS256'],
      issuer: config.issuer,
      audience: config.audience,
      ignoreExpiration: false,
      passReqToCallback: true,
    });
  }

  async validate(request: object, payload: AccessTokenPayload): Promise<AuthUser> {
    // jsonwebtoken accepts a token without `exp` as never expiring; we do not.
    if (
      typeof payload.exp !== 'number' ||
      !Number.isSafeInteger(payload.sub) ||
      !Number.isSafeInteger(payload.ver)
    ) {
      throw new UnauthorizedException();
    }
    // A deleted account, or a password changed since: the token is over.
    if (!(await this.tokens.isCurrent(payload.sub, payload.ver, readAheadOf(request)))) {
      throw new UnauthorizedException();
    }
    return { id: payload.sub };
  }
}
