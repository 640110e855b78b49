import { validateEnvironment } from './env.validation.js';

describe('validateEnvironment', () => {
  it('accepts an empty environment (every variable has a default)', () => {
    expect(() => validateEnvironment({})).not.toThrow();
  });

  it('accepts a full production environment', () => {
    expect(() =>
      validateEnvironment({
        NODE_ENV: 'production',
        PORT: '8080',
        HOST: '127.0.0.1',
        DATABASE_URL: 'mysql://app:secret@db:3306/social',
        REDIS_URL: 'redis://cache:6379',
        JWT_SECRET: 'Qm7x-Vd2Lp9sWc4Zr8Tn1Yb6Hk3Fg5Ja0Ue',
        JWT_EXPIRES_IN: '600',
        REFRESH_EXPIRES_IN: '86400',
        CACHE_TTL: '30',
        LOG_LEVEL: 'warn',
        THROTTLE_AUTH_LIMIT: '0',
        THROTTLE_LIMIT: '1000',
        LOG_FORMAT: 'json',
        CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      }),
    ).not.toThrow();
  });

  it.each(['*', 'https://example.com', 'http://[::1]:8080,https://a.example.org'])(
    'accepts CORS_ORIGINS=%s',
    (CORS_ORIGINS) => {
      expect(() => validateEnvironment({ CORS_ORIGINS })).not.toThrow();
    },
  );

  it('accepts CACHE_TTL=0, which turns caching off', () => {
    expect(() => validateEnvironment({ CACHE_TTL: '0' })).not.toThrow();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'postgres://x/y' }, 'DATABASE_URL'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL'],
    [{ JWT_SECRET: 'short' }, 'JWT_SECRET'],
    [{ JWT_EXPIRES_IN: '0' }, 'JWT_EXPIRES_IN'],
    [{ CACHE_TTL: '1.5' }, 'CACHE_TTL'],
    [{ CACHE_TTL: '-1' }, 'CACHE_TTL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ THROTTLE_LIMIT: '-1' }, 'THROTTLE_LIMIT'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT'],
    [{ CORS_ORIGINS: 'example.com' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://example.com/app' }, 'CORS_ORIGINS'],
    [{ CORS_ORIGINS: 'https://a.example.com,,' }, 'CORS_ORIGINS'],
    [{ NODE_ENV: 'production' }, 'JWT_SECRET'],
  ])('refuses %o with one line naming %s', (env, name) => {
    let message = '';
    try {
      validateEnvironment(env);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(name);
    expect(message).not.toContain('\n');
  });
});
