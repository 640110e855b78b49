import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { Dialect } from '../database/dialect.js';
import { AuthSession } from './auth-session.entity.js';
import { AuthCredentials } from './auth.entity.js';

/** The version a new account's credentials start at (the column's default). */
const FIRST_CREDENTIALS_VERSION = 1;

export type Credentials = Pick<AuthCredentials, 'passwordHash' | 'credentialsVersion'>;
export type NewSession = Pick<AuthSession, 'userId' | 'family' | 'tokenHash' | 'expiresAt'>;

/**
 * Every statement on the auth module's tables: `auth` (credentials, one row per
 * user) and `auth_session` (refresh tokens). Nothing else reads or writes them;
 * both are cascaded away with their user. A method that takes a manager runs in
 * the caller's transaction.
 */
@Injectable()
export class AuthRepository {
  private readonly isMysql: boolean;

  constructor(
    @InjectRepository(AuthCredentials) private readonly credentials: Repository<AuthCredentials>,
    @InjectRepository(AuthSession) private readonly sessions: Repository<AuthSession>,
    dialect: Dialect,
  ) {
    this.isMysql = dialect.isMysql;
  }

  // --- auth

  async insertCredentials(
    manager: EntityManager,
    userId: number,
    passwordHash: string,
  ): Promise<number> {
    const credentialsVersion = FIRST_CREDENTIALS_VERSION;
    await manager.insert(AuthCredentials, { userId, passwordHash, credentialsVersion });
    return credentialsVersion;
  }

  findCredentials(userId: number): Promise<Credentials | null> {
    return this.credentials.findOne({
      select: { passwordHash: true, credentialsVersion: true },
      where: { userId },
    });
  }

  /**
   * The current credentials version, with the row locked until the transaction
   * ends: a password change and a session being started for the same user
   * take turns. SQLite needs no lock, its transactions are already serialized.
   * Null if the user is gone.
   */
  async lockCredentialsVersion(manager: EntityManager, userId: number): Promise<number | null> {
    const row = await manager.findOne(AuthCredentials, {
      select: { credentialsVersion: true },
      where: { userId },
      ...(this.isMysql ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return row?.credentialsVersion ?? null;
  }

  /** Stores a new hash at the next version; call with the row locked. */
  async setPassword(
    manager: EntityManager,
    userId: number,
    passwordHash: string,
    credentialsVersion: number,
  ): Promise<void> {
    await manager.update(AuthCredentials, { userId }, { passwordHash, credentialsVersion });
  }

  /**
   * Every authenticated request asks this, so it is one literal statement:
   * find() would build its SQL and hydrate an entity anew on every call, which
   * cost more CPU than the database spent answering (bench/README.md).
   */
  async credentialsVersion(userId: number): Promise<number | null> {
    const [row]: { version: number | string }[] = await this.credentials.query(
      'SELECT credentials_version AS version FROM auth WHERE user_id = ?',
      [userId],
    );
    return row ? Number(row.version) : null;
  }

  // --- auth_session

  async insertSession(manager: EntityManager, session: NewSession): Promise<void> {
    await manager.insert(AuthSession, { ...session, revokedAt: null });
  }

  findSession(manager: EntityManager, tokenHash: string): Promise<AuthSession | null> {
    return manager.findOneBy(AuthSession, { tokenHash });
  }

  /** Revokes one live session; false if it was already revoked (of two racing claims, one wins). */
  async claimSession(manager: EntityManager, id: number): Promise<boolean> {
    const result = await manager.update(
      AuthSession,
      { id, revokedAt: IsNull() },
      { revokedAt: new Date() },
    );
    return Boolean(result.affected);
  }

  async revokeSession(tokenHash: string): Promise<void> {
    await this.sessions.update({ tokenHash, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeFamily(family: string): Promise<void> {
    await this.sessions.update({ family, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeUserSessions(manager: EntityManager, userId: number): Promise<void> {
    await manager.update(AuthSession, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
