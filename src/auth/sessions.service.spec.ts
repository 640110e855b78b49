import 'reflect-metadata';
import { jest } from '@jest/globals';
import { UnauthorizedException } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { EntityManager } from 'typeorm';
import { authConfig } from '../config/auth.config.js';
import { TransactionService } from '../database/transaction.service.js';
import { AuthSession } from './auth-session.entity.js';
import { AuthRepository } from './auth.repository.js';
import { hashToken, SessionsService } from './sessions.service.js';

function sessionFactory(overrides: Partial<AuthSession> = {}): AuthSession {
  return Object.assign(new AuthSession(), {
    id: 1,
    userId: 7,
    family: 'f'.repeat(32),
    tokenHash: hashToken('the token'),
    createdAt: new Date(),
    expiresAt: new Date(Date.now() + 60_000),
    revokedAt: null,
    ...overrides,
  });
}

describe('SessionsService', () => {
  let service: SessionsService;
  const repository = {
    lockCredentialsVersion: jest.fn<AuthRepository['lockCredentialsVersion']>(),
    insertSession: jest.fn<AuthRepository['insertSession']>(),
    findSession: jest.fn<AuthRepository['findSession']>(),
    claimSession: jest.fn<AuthRepository['claimSession']>(),
    revokeFamily: jest.fn<AuthRepository['revokeFamily']>(),
  };
  const manager = {} as EntityManager;
  const tx = { run: (work: (m: EntityManager) => Promise<unknown>) => work(manager) };

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      providers: [
        SessionsService,
        { provide: AuthRepository, useValue: repository },
        { provide: TransactionService, useValue: tx },
        { provide: authConfig.KEY, useValue: { refreshTtlSeconds: 120 } },
      ],
    }).compile();
    service = moduleRef.get(SessionsService);
  });

  beforeEach(() => jest.clearAllMocks());

  it('starts a login at the version that was verified', async () => {
    repository.lockCredentialsVersion.mockResolvedValue(3);
    expect(await service.startIfCurrent(7, 3)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(repository.insertSession).toHaveBeenCalledTimes(1);
  });

  it('starts nothing once the password has changed since it was verified', async () => {
    repository.lockCredentialsVersion.mockResolvedValue(4);
    expect(await service.startIfCurrent(7, 3)).toBeNull();
    repository.lockCredentialsVersion.mockResolvedValue(null);
    expect(await service.startIfCurrent(7, 3)).toBeNull();
    expect(repository.insertSession).not.toHaveBeenCalled();
  });

  it('rotates at the current credentials version', async () => {
    repository.findSession.mockResolvedValue(sessionFactory());
    repository.lockCredentialsVersion.mockResolvedValue(5);
    repository.claimSession.mockResolvedValue(true);
    const rotated = await service.rotate('the token');
    expect(rotated).toMatchObject({ userId: 7, credentialsVersion: 5 });
    expect(rotated.refreshToken).not.toBe('the token');
  });

  it('refuses a token revoked by a password change, and ends its family', async () => {
    repository.findSession.mockResolvedValue(sessionFactory());
    repository.lockCredentialsVersion.mockResolvedValue(5);
    repository.claimSession.mockResolvedValue(false);
    await expect(service.rotate('the token')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(repository.insertSession).not.toHaveBeenCalled();
    expect(repository.revokeFamily).toHaveBeenCalledWith('f'.repeat(32));
  });

  it('refuses the token of a deleted account', async () => {
    repository.findSession.mockResolvedValue(sessionFactory());
    repository.lockCredentialsVersion.mockResolvedValue(null);
    await expect(service.rotate('the token')).rejects.toBeInstanceOf(UnauthorizedException);
    expect(repository.claimSession).not.toHaveBeenCalled();
    expect(repository.insertSession).not.toHaveBeenCalled();
  });
});
