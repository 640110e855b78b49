import 'reflect-metadata';
import { jest } from '@jest/globals';
import { UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { Test } from '@nestjs/testing';
import { getRepositoryToken } from '@nestjs/typeorm';
import { authConfig } from '../config/auth.config.js';
import { TransactionService } from '../database/transaction.service.js';
import { User } from '../users/user.entity.js';
import { DomainEvents } from '../common/events/domain-events.js';
import { UsersService } from '../users/users.service.js';
import { AuthCredentials } from './auth.entity.js';
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

describe('AuthService', () => {
  let service: AuthService;
  const users = {
    findByUsername: jest.fn<UsersService['findByUsername']>(),
    findById: jest.fn<UsersService['findById']>(),
  };
  const credentials = { findOneBy: jest.fn<() => Promise<Partial<AuthCredentials> | null>>() };
  const sessions = {
    start: jest.fn<SessionsService['start']>(),
    revokeAll: jest.fn<SessionsService['revokeAll']>(),
  };
  const hasher = new PasswordHasher();

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        AuthService,
        { provide: PasswordHasher, useValue: hasher },
        { provide: JwtService, useValue: new JwtService() },
        { provide: UsersService, useValue: users },
        { provide: SessionsService, useValue: sessions },
        { provide: TransactionService, useValue: { run: jest.fn() } },
        { provide: DomainEvents, useValue: { publish: jest.fn() } },
        { provide: getRepositoryToken(AuthCredentials), useValue: credentials },
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

  beforeEach(() => jest.clearAllMocks());

  it('logs in with the right password and starts a session', async () => {
    users.findByUsername.mockResolvedValue(userFactory());
    credentials.findOneBy.mockResolvedValue({
      userId: 7,
      passwordHash: await hasher.hash('right password'),
    });
    sessions.start.mockResolvedValue('refresh-token');
    const session = await service.login({ username: 'ADA', password: 'right password' });
    expect(session).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 60,
      refreshToken: 'refresh-token',
    });
    expect(session.user).toMatchObject({ id: 7, username: 'ada' });
    expect(sessions.start).toHaveBeenCalledWith(7);
  });

  it('refuses a wrong password with the same error as an unknown user', async () => {
    users.findByUsername.mockResolvedValue(userFactory());
    credentials.findOneBy.mockResolvedValue({
      userId: 7,
      passwordHash: await hasher.hash('right password'),
    });
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
    expect(sessions.start).not.toHaveBeenCalled();
  });

  it('refuses a password change when the current password is wrong, revoking nothing', async () => {
    credentials.findOneBy.mockResolvedValue({
      userId: 7,
      passwordHash: await hasher.hash('right password'),
    });
    await expect(
      service.changePassword(7, { currentPassword: 'wrong', newPassword: 'new password!' }),
    ).rejects.toBeInstanceOf(UnauthorizedException);
    expect(sessions.revokeAll).not.toHaveBeenCalled();
  });
});
