import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { UsersModule } from '../users/users.module.js';
import { AccessTokens } from './access-tokens.js';
import { AuthSession } from './auth-session.entity.js';
import { AuthController } from './auth.controller.js';
import { AuthCredentials } from './auth.entity.js';
import { AuthRepository } from './auth.repository.js';
import { AuthService } from './auth.service.js';
import { JwtAuthGuard } from './jwt-auth.guard.js';
import { JwtStrategy } from './jwt.strategy.js';
import { PasswordHasher } from './password-hasher.js';
import { SessionsService } from './sessions.service.js';

/**
 * Accounts' credentials (`auth`), refresh-token sessions (`auth_session`), both
 * only through AuthRepository, and the app-wide JWT guard.
 */
@Module({
  imports: [
    PassportModule,
    // Secret, algorithm, issuer and audience are passed at each sign from the auth config.
    JwtModule.register({}),
    TypeOrmModule.forFeature([AuthCredentials, AuthSession]),
    UsersModule,
  ],
  controllers: [AuthController],
  providers: [
    AuthRepository,
    AuthService,
    SessionsService,
    AccessTokens,
    PasswordHasher,
    JwtStrategy,
    { provide: APP_GUARD, useClass: JwtAuthGuard },
  ],
})
export class AuthModule {}
