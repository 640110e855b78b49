import 'reflect-metadata';
import { jest } from '@jest/globals';
import { UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import type { EntityManager } from 'typeorm';
import { CacheService } from '../cache/cache.service.js';
import { DomainEvents } from '../common/events/domain-events.js';
import { authConfig } from '../config/auth.config.js';
import { TransactionService } from '../database/transaction.service.js';
import { User } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { AccessTokens } from './access-tokens.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';

function userFactory(overrides: Partial<User> = {}): User {
  return Object.assign(new User(), {
    id: 7,
    username: 'ada',
    usernameLower: 'ada',
    name: 'Ada',
    bio: '',
    createdAt: new Date('2026-01-01T00:00:00Z'),
    followersCount: 0,
    followingCount: 0,
    postsCount: 0,
    ...overrides,
  });
}

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as Record<string, unknown>;

describe('AuthService', () => {
  let service: AuthService;
  const users = {
    findByUsername: jest.fn<UsersService['findByUsername']>(),
    findById: jest.fn<UsersService['findById']>(),
  };
  const repository = {
    findCredentials: jest.fn<AuthRepository['findCredentials']>(),
    lockCredentialsVersion: jest.fn<AuthRepository['lockCredentialsVersion']>(),
    setPassword: jest.fn<AuthRepository['setPassword']>(),
  };
  const sessions = {
    startIfCurrent: jest.fn<SessionsService['startIfCurrent']>(),
    revokeAll: jest.fn<SessionsService['revokeAll']>(),
  };
  const manager = {} as EntityManager;
  const tx = { run: (work: (m: EntityManager) => Promise<unknown>) => work(manager) };
  const hasher = new PasswordHasher();
  let rightHash: string;

  beforeAll(async () => {
    rightHash = await hasher.hash('right password');
    const moduleRef = await Test.createTestingModule({
      providers: [
        AuthService,
        AccessTokens,
        { provide: PasswordHasher, useValue: hasher },
        { provide: JwtService, useValue: new JwtService() },
        { provide: UsersService, useValue: users },
        { provide: SessionsService, useValue: sessions },
        { provide: TransactionService, useValue: tx },
        { provide: DomainEvents, useValue: { publish: jest.fn() } },
        // No cache in a unit spec: every read loads.
        {
          provide: CacheService,
          useValue: {
            read: async (_read: unknown, load: () => Promise<unknown>) => ({
              value: await load(),
              hit: false,
            }),
          },
        },
        { provide: AuthRepository, useValue: repository },
        {
          provide: authConfig.KEY,
          useValue: {
            secret: 's'.repeat(32),
            issuer: 'i',
            audience: 'a',
            accessTtlSeconds: 60,
            refreshTtlSeconds: 120,
          },
        },
      ],
    }).compile();
    service = moduleRef.get(AuthService);
  });

  beforeEach(() => {
    jest.clearAllMocks();
    users.findByUsername.mockResolvedValue(userFactory());
    repository.findCredentials.mockResolvedValue({
      passwordHash: rightHash,
      credentialsVersion: 3,
    });
  });

  it('logs in with the right password, at the credentials version it verified', async () => {
    sessions.startIfCurrent.mockResolvedValue('refresh-token');
    const session = await service.login({ username: 'ADA', password: 'right password' });
    expect(session).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 60,
      refreshToken: 'refresh-token',
    });
    expect(session.user).toMatchObject({ id: 7, username: 'ada' });
    expect(sessions.startIfCurrent).toHaveBeenCalledWith(7, 3);
    expect(claimsOf(session.accessToken)).toMatchObject({ sub: 7, ver: 3 });
  });

  it('refuses a wrong password with the same error as an unknown user', async () => {
    const wrong = await service
      .login({ username: 'ada', password: 'wrong' })
      .catch((e: unknown) => e);

    users.findByUsername.mockResolvedValue(null);
    const verify = jest.spyOn(hasher, 'verify');
    const unknown = await service
      .login({ username: 'nobody', password: 'wrong' })
      .catch((e: unknown) => e);

    expect(wrong).toBeInstanceOf(UnauthorizedException);
    expect(unknown).toEqual(wrong);
    // An unknown user still costs one hash verification, so timing tells nothing.
    expect(verify).toHaveBeenCalledTimes(1);
    expect(sessions.startIfCurrent).not.toHaveBeenCalled();
  });

  it('refuses a login whose password changed while it was being verified', async () => {
    // startIfCurrent found another version under the lock, and started nothing.
    sessions.startIfCurrent.mockResolvedValue(null);
    const raced = await service
      .login({ username: 'ada', password: 'right password' })
      .catch((e: unknown) => e);
    const wrong = await service
      .login({ username: 'ada', password: 'wrong' })
      .catch((e: unknown) => e);
    expect(raced).toBeInstanceOf(UnauthorizedException);
    expect(raced).toEqual(wrong);
  });

  it('changes the password at the next version and revokes every session, in one transaction', async () => {
    repository.lockCredentialsVersion.mockResolvedValue(3);
    await service.changePassword(7, {
      currentPassword: 'right password',
      newPassword: 'new password!',
    });
    expect(repository.setPassword).toHaveBeenCalledWith(manager, 7, expect.any(String), 4);
    const [, , newHash] = repository.setPassword.mock.calls[0];
    expect(await hasher.verify(newHash, 'new password!')).toBe(true);
    expect(sessions.revokeAll).toHaveBeenCalledWith(manager, 7);
  });

  it('refuses a password change when the current password is wrong, revoking nothing', async () => {
    await expect(
      service.changePassword(7, { currentPassword: 'wrong', newPassword: 'new password!' }),
    ).rejects.toBeInstanceOf(UnauthorizedException);
    expect(repository.setPassword).not.toHaveBeenCalled();
    expect(sessions.revokeAll).not.toHaveBeenCalled();
  });

  it('refuses a password change that another change beat to the lock, writing nothing', async () => {
    repository.lockCredentialsVersion.mockResolvedValue(4);
    await expect(
      service.changePassword(7, {
        currentPassword: 'right password',
        newPassword: 'new password!',
      }),
    ).rejects.toBeInstanceOf(UnauthorizedException);
    expect(repository.setPassword).not.toHaveBeenCalled();
    expect(sessions.revokeAll).not.toHaveBeenCalled();
  });
});
