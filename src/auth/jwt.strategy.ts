import { createSecretKey } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { PassportStrategy } from '@nestjs/passport';
import { InjectRepository } from '@nestjs/typeorm';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { Repository } from 'typeorm';
import { authConfig } from '../config/auth.config.js';
import { type AuthUser } from '../common/decorators/current-user.decorator.js';
import { User } from '../users/user.entity.js';

export interface AccessTokenPayload {
  sub: number;
  iat: number;
  exp?: number;
}

/** Verifies access tokens: HS256 only, issuer and audience pinned, `exp` required. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy) {
  constructor(
    @Inject(authConfig.KEY) config: ConfigType<typeof authConfig>,
    @InjectRepository(User) private readonly users: Repository<User>,
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
    });
  }

  async validate(payload: AccessTokenPayload): Promise<AuthUser> {
    // jsonwebtoken accepts a token without `exp` as never expiring; we do not.
    if (typeof payload.exp !== 'number' || !Number.isSafeInteger(payload.sub)) {
      throw new UnauthorizedException();
    }
    // Every authenticated request runs this: written by hand (see hand-written-sql.ts).
    const [user]: { id: number | string; username: string }[] = await this.users.query(
      'SELECT id, username FROM user WHERE id = ?',
      [payload.sub],
    );
    if (!user) throw new UnauthorizedException();
    return { id: Number(user.id), username: user.username };
  }
}
