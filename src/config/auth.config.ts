import { Logger } from '@nestjs/common';
import { registerAs } from '@nestjs/config';

// Only for development and tests: production refuses to start without JWT_SECRET
// (see env.validation.ts).
const DEVELOPMENT_SECRET = 'development-only-secret-change-me-0123456789';

export const authConfig = registerAs('auth', () => {
  const secret = process.env.JWT_SECRET || DEVELOPMENT_SECRET;
  if (!process.env.JWT_SECRET && process.env.NODE_ENV !== 'test') {
    new Logger('Config').warn('JWT_SECRET is not set: using a development secret');
  }
  return {
    secret,
    issuer: 'social-api',
    audience: 'social-api',
    accessTtlSeconds: Number(process.env.JWT_EXPIRES_IN || 900),
    refreshTtlSeconds: Number(process.env.REFRESH_EXPIRES_IN || 2_592_000),
  };
});
