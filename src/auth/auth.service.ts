import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { type ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { authConfig } from '../config/auth.config.js';
import { DomainEvents } from '../common/events/domain-events.js';
import { TransactionService } from '../database/transaction.service.js';
import { UsersService } from '../users/users.service.js';
import { AccountRegistered } from './auth.events.js';
import { toUserResponse } from '../users/user.mapper.js';
import { User } from '../users/user.entity.js';
import { AuthCredentials } from './auth.entity.js';
import { ChangePasswordDto } from './dto/change-password.dto.js';
import { LoginDto } from './dto/login.dto.js';
import { RegisterDto } from './dto/register.dto.js';
import { SessionDto } from './dto/session.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';

const BAD_CREDENTIALS = 'Invalid username or password';

@Injectable()
export class AuthService {
  constructor(
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    @InjectRepository(AuthCredentials) private readonly credentials: Repository<AuthCredentials>,
    private readonly users: UsersService,
    private readonly sessions: SessionsService,
    private readonly hasher: PasswordHasher,
    private readonly jwt: JwtService,
    private readonly tx: TransactionService,
    private readonly events: DomainEvents,
  ) {}

  async register(dto: RegisterDto): Promise<SessionDto> {
    // Hash before the transaction: it is the slow part and needs no lock.
    const passwordHash = await this.hasher.hash(dto.password);
    const { user, refreshToken } = await this.tx.run(async (manager) => {
      const user = await this.users.create(manager, { username: dto.username, name: dto.name });
      await manager.insert(AuthCredentials, { userId: user.id, passwordHash });
      return { user, refreshToken: await this.sessions.start(user.id, manager) };
    });
    await this.events.publish(new AccountRegistered(user.id));
    return this.session(user, refreshToken);
  }

  async login(dto: LoginDto): Promise<SessionDto> {
    const user = await this.users.findByUsername(dto.username);
    const stored = user ? await this.credentials.findOneBy({ userId: user.id }) : null;
    // Always verify, against a dummy hash if need be, so timing reveals nothing.
    if (!(await this.hasher.verify(stored?.passwordHash, dto.password)) || !user) {
      throw new UnauthorizedException(BAD_CREDENTIALS);
    }
    return this.session(user, await this.sessions.start(user.id));
  }

  async refresh(token: string): Promise<SessionDto> {
    const { userId, refreshToken } = await this.sessions.rotate(token);
    const user = await this.users.findById(userId);
    if (!user) throw new UnauthorizedException('Invalid refresh token');
    return this.session(user, refreshToken);
  }

  logout(token: string): Promise<void> {
    return this.sessions.revoke(token);
  }

  async changePassword(userId: number, dto: ChangePasswordDto): Promise<void> {
    const stored = await this.credentials.findOneBy({ userId });
    if (!(await this.hasher.verify(stored?.passwordHash, dto.currentPassword))) {
      throw new UnauthorizedException('Current password is wrong');
    }
    const passwordHash = await this.hasher.hash(dto.newPassword);
    await this.tx.run(async (manager) => {
      await manager.update(AuthCredentials, { userId }, { passwordHash });
      await this.sessions.revokeAll(userId, manager);
    });
  }

  private async session(user: User, refreshToken: string): Promise<SessionDto> {
    const accessToken = await this.jwt.signAsync(
      { sub: user.id },
      {
        algorithm: 'HS256',
        secret: this.config.secret,
        issuer: this.config.issuer,
        audience: this.config.audience,
        expiresIn: this.config.accessTtlSeconds,
      },
    );
    return {
      user: toUserResponse(user),
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.accessTtlSeconds,
      refreshToken,
    };
  }
}
