import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { authConfig } from '../config/auth.config.js';
import { TransactionService } from '../database/transaction.service.js';
import { AuthSession } from './auth-session.entity.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Refresh tokens: 256 random bits, stored only as a SHA-256 hash (a slow hash
 * buys nothing for a value with that much entropy), single use, rotated on
 * every refresh, grouped in families so that reuse revokes the whole family.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    @InjectRepository(AuthSession) private readonly sessions: Repository<AuthSession>,
    private readonly tx: TransactionService,
  ) {}

  /** Starts a new family (a login or a registration). */
  start(userId: number, manager?: EntityManager): Promise<string> {
    return this.issue(userId, randomBytes(16).toString('hex'), manager ?? this.sessions.manager);
  }

  /** Spends a refresh token and returns the user it belongs to with its successor. */
  async rotate(token: string): Promise<{ userId: number; refreshToken: string }> {
    const outcome = await this.tx.run(async (manager) => {
      const session = await manager.findOne(AuthSession, {
        where: { tokenHash: hashToken(token) },
      });
      if (!session) return { kind: 'unknown' as const };
      // Claim the token atomically: of two concurrent refreshes only one wins.
      const claimed = await manager.update(
        AuthSession,
        { id: session.id, revokedAt: IsNull() },
        { revokedAt: new Date() },
      );
      if (!claimed.affected) return { kind: 'reused' as const, family: session.family };
      if (session.expiresAt.getTime() <= Date.now()) return { kind: 'expired' as const };
      const refreshToken = await this.issue(session.userId, session.family, manager);
      return { kind: 'rotated' as const, userId: session.userId, refreshToken };
    });
    if (outcome.kind === 'reused') {
      // A spent token came back: someone else holds a copy. End the whole login.
      await this.sessions.update(
        { family: outcome.family, revokedAt: IsNull() },
        { revokedAt: new Date() },
      );
    }
    if (outcome.kind !== 'rotated') throw new UnauthorizedException('Invalid refresh token');
    return { userId: outcome.userId, refreshToken: outcome.refreshToken };
  }

  /** Logout: that token stops working. Unknown or spent tokens are ignored. */
  async revoke(token: string): Promise<void> {
    await this.sessions.update(
      { tokenHash: hashToken(token), revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
  }

  /** Every refresh token of the user stops working. */
  async revokeAll(userId: number, manager: EntityManager = this.sessions.manager): Promise<void> {
    await manager.update(AuthSession, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  private async issue(userId: number, family: string, manager: EntityManager): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await manager.insert(AuthSession, {
      userId,
      family,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + this.config.refreshTtlSeconds * 1000),
      revokedAt: null,
    });
    return token;
  }
}
