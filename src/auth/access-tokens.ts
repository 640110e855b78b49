import { Inject, Injectable } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { authConfig } from '../config/auth.config.js';
import { AuthRepository } from './auth.repository.js';

/** What an access token says, once its signature, `iss`, `aud` and `exp` are verified. */
export interface AccessTokenPayload {
  sub: number;
  /** The credentials version the token was issued at: a password change bumps it. */
  ver: number;
  iat: number;
  exp?: number;
}

/** Issues access tokens, and answers whether one is still good for its account. */
@Injectable()
export class AccessTokens {
  constructor(
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly jwt: JwtService,
    private readonly repository: AuthRepository,
  ) {}

  sign(userId: number, credentialsVersion: number): Promise<string> {
    return this.jwt.signAsync(
      { sub: userId, ver: credentialsVersion },
      {
        algorithm: 'HS256',
        secret: this.config.secret,
        issuer: this.config.issuer,
        audience: this.config.audience,
        expiresIn: this.config.accessTtlSeconds,
      },
    );
  }

  /**
   * The check every authenticated request makes: false once the account is
   * deleted (its `auth` row goes with it) or its password has changed since
   * the token was issued. It depends on the user id and version alone, so a
   * cache keyed by user id can answer it, as long as a password change and an
   * account deletion remove that key.
   */
  async isCurrent(userId: number, credentialsVersion: number): Promise<boolean> {
    return (await this.repository.credentialsVersion(userId)) === credentialsVersion;
  }
}
