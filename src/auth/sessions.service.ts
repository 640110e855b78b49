import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { EntityManager } from 'typeorm';
import { authConfig } from '../config/auth.config.js';
import { TransactionService } from '../database/transaction.service.js';
import { AuthRepository } from './auth.repository.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const INVALID_REFRESH = 'Invalid refresh token';

/** A refresh token and the credentials version its access token is to carry. */
export interface IssuedSession {
  userId: number;
  credentialsVersion: number;
  refreshToken: string;
}

/**
 * Refresh tokens: 256 random bits, stored only as a SHA-256 hash (a slow hash
 * buys nothing for a value with that much entropy), single use, rotated on
 * every refresh, grouped in families so that reuse revokes the whole family.
 *
 * A session is only ever created with the user's `auth` row locked and at the
 * credentials version the caller verified, and a password change revokes every
 * session under the same lock: no session outlives a change, however the two race.
 */
@Injectable()
export class SessionsService {
  constructor(
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly repository: AuthRepository,
    private readonly tx: TransactionService,
  ) {}

  /**
   * Starts a new family (a login) for credentials verified at `credentialsVersion`;
   * null, and no session, if the password has changed since.
   */
  startIfCurrent(userId: number, credentialsVersion: number): Promise<string | null> {
    return this.tx.run(async (manager) => {
      const current = await this.repository.lockCredentialsVersion(manager, userId);
      return current === credentialsVersion ? this.start(manager, userId) : null;
    });
  }

  /** Starts a new family in the caller's transaction, which holds or created the `auth` row. */
  start(manager: EntityManager, userId: number): Promise<string> {
    return this.issue(manager, userId, randomBytes(16).toString('hex'));
  }

  /** Spends a refresh token and returns its successor, at the current credentials version. */
  async rotate(token: string): Promise<IssuedSession> {
    const outcome = await this.tx.run(async (manager) => {
      const session = await this.repository.findSession(manager, hashToken(token));
      if (!session) return { kind: 'unknown' as const };
      // Taken before the claim, as a password change takes it before revoking.
      const credentialsVersion = await this.repository.lockCredentialsVersion(
        manager,
        session.userId,
      );
      if (credentialsVersion === null) return { kind: 'unknown' as const };
      // Claim the token atomically: of two concurrent refreshes only one wins.
      if (!(await this.repository.claimSession(manager, session.id))) {
        return { kind: 'reused' as const, family: session.family };
      }
      if (session.expiresAt.getTime() <= Date.now()) return { kind: 'expired' as const };
      const refreshToken = await this.issue(manager, session.userId, session.family);
      return { kind: 'rotated' as const, userId: session.userId, credentialsVersion, refreshToken };
    });
    // A spent token came back: someone else holds a copy. End the whole login.
    if (outcome.kind === 'reused') await this.repository.revokeFamily(outcome.family);
    if (outcome.kind !== 'rotated') throw new UnauthorizedException(INVALID_REFRESH);
    const { userId, credentialsVersion, refreshToken } = outcome;
    return { userId, credentialsVersion, refreshToken };
  }

  /** Logout: that token stops working. Unknown or spent tokens are ignored. */
  revoke(token: string): Promise<void> {
    return this.repository.revokeSession(hashToken(token));
  }

  /** Every refresh token of the user stops working; call with the `auth` row locked. */
  revokeAll(manager: EntityManager, userId: number): Promise<void> {
    return this.repository.revokeUserSessions(manager, userId);
  }

  private async issue(manager: EntityManager, userId: number, family: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await this.repository.insertSession(manager, {
      userId,
      family,
      tokenHash: hashToken(token),
      expiresAt: new Date(Date.now() + this.config.refreshTtlSeconds * 1000),
    });
    return token;
  }
}
