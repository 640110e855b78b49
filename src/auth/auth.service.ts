import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { DomainEvents } from '../common/events/domain-events.js';
import { authConfig } from '../config/auth.config.js';
import { TransactionService } from '../database/transaction.service.js';
import { UsersService } from '../users/users.service.js';
import { toUserResponse } from '../users/user.mapper.js';
import { type User } from '../users/user.entity.js';
import { AccessTokens } from './access-tokens.js';
import { AccountRegistered, PasswordChanged } from './auth.events.js';
import { AuthRepository } from './auth.repository.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { SessionDto } from './dto/session.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';

const BAD_CREDENTIALS = 'Invalid username or password';
const WRONG_CURRENT_PASSWORD = 'Current password is wrong';

@Injectable()
export class AuthService {
  constructor(
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly repository: AuthRepository,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly accessTokens: AccessTokens,
    private readonly hasher: PasswordHasher,
    private readonly tx: TransactionService,
    private readonly events: DomainEvents,
  ) {}

  async register(dto: RegisterDto): Promise<SessionDto> {
    // Hash before the transaction: it is the slow part and needs no lock.
    const passwordHash = await this.hasher.hash(dto.password);
    const { user, version, refreshToken } = await this.tx.run(async (manager) => {
      const user = await this.users.create(manager, { username: dto.username, name: dto.name });
      const version = await this.repository.insertCredentials(manager, user.id, passwordHash);
      return { user, version, refreshToken: await this.sessions.start(manager, user.id) };
    });
    await this.events.publish(new AccountRegistered(user.id));
    return this.session(user, version, refreshToken);
  }

  async login(dto: LoginDto): Promise<SessionDto> {
    const user = await this.users.findByUsername(dto.username);
    const stored = user ? await this.repository.findCredentials(user.id) : null;
    // Always verify, against a dummy hash if need be, so timing reveals nothing.
    if (!(await this.hasher.verify(stored?.passwordHash, dto.password)) || !user || !stored) {
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }
    // Verifying took tens of milliseconds: if the password changed meanwhile,
    // the one just verified is no longer the password, and no session is started.
    const refreshToken = await this.sessions.startIfCurrent(user.id, stored.credentialsVersion);
    if (!refreshToken) throw new UnauthorizedException(BAD_CREDENTIALS);
    return this.session(user, stored.credentialsVersion, refreshToken);
  }

  async refresh(token: string): Promise<SessionDto> {
    const { userId, credentialsVersion, refreshToken } = await this.sessions.rotate(token);
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthorizedException('Invalid refresh token');
    return this.session(user, credentialsVersion, refreshToken);
  }

  logout(token: string): Promise<void> {
    return this.sessions.revoke(token);
  }

  /** Changes the hash, bumps the credentials version and revokes every session, at once. */
  async changePassword(userId: number, dto: ChangePasswordDto): Promise<void> {
    const stored = await this.repository.findCredentials(userId);
    if (!(await this.hasher.verify(stored?.passwordHash, dto.currentPassword)) || !stored) {
      throw new UnauthorizedException(WRONG_CURRENT_PASSWORD);
    }
    const passwordHash = await this.hasher.hash(dto.newPassword);
    await this.tx.run(async (manager) => {
      const current = await this.repository.lockCredentialsVersion(manager, userId);
      // A concurrent change went first: the password verified above is gone.
      if (current !== stored.credentialsVersion) {
        throw new UnauthorizedException(WRONG_CURRENT_PASSWORD);
      }
      await this.repository.setPassword(manager, userId, passwordHash, current + 1);
      await this.sessions.revokeAll(manager, userId);
    });
    // Before the answer: the token check's cached version must not outlive the change.
    await this.events.publish(new PasswordChanged(userId));
  }

  private async session(
    user: User,
    credentialsVersion: number,
    refreshToken: string,
  ): Promise<SessionDto> {
    return {
      user: toUserResponse(user),
      accessToken: await this.accessTokens.sign(user.id, credentialsVersion),
      tokenType: 'Bearer',
      expiresIn: this.config.accessTtlSeconds,
      refreshToken,
    };
  }
}
