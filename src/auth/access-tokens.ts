import { Inject, Injectable } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { names } from '../cache/cache-namespaces.js';
import { CacheService } from '../cache/cache.service.js';
import { type ReadAhead } from '../cache/read-ahead.js';
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
    private readonly cache: CacheService,
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
   * the token was issued.
   *
   * The account's current version is read through the response cache, so that
   * a request costs no database round trip for it: the entry depends on the
   * `credentials:{id}` namespace, which a password change replaces before it
   * answers (and an account deletion replaces `all`), with the cache's
   * read-your-writes guarantee across processes (docs/CACHING.md). The same
   * round trip fetches the route's own cached read (`ahead`, see ReadAhead):
   * it is only fetched here, and served only once this check has passed.
   */
  async isCurrent(userId: number, credentialsVersion: number, ahead?: ReadAhead): Promise<boolean> {
    const { value } = await this.cache.read(
      {
        identity: { route: 'auth:credentials-version', params: { userId }, query: {} },
        dependsOn: [names.credentials(userId)],
      },
      // null, not undefined, for a deleted account: an entry must hold a JSON value.
      async () => (await this.repository.credentialsVersion(userId)) ?? null,
      ahead,
      [ahead?.afterToken?.(userId)],
    );
    return value === credentialsVersion;
  }
}
