import { ConfigModule, type ConfigType } from '@nestjs/config';
import { Test } from '@nestjs/testing';
import { readAppConfig } from './app.config.js';
import { readAuthConfig } from './auth.config.js';
import { readCacheConfig } from './cache.config.js';
import { readDatabaseConfig } from './database.config.js';
import { type RawEnvironment } from './env.js';
import { validateEnvironment } from './env.validation.js';
import { rateLimitConfig, readRateLimitConfig } from './rate-limit.config.js';
import { readRedisConfig } from './redis.config.js';

// What an `.env` file with an unfilled line gives (`THROTTLE_AUTH_LIMIT=`), and its cousin.
const BLANKS = ['', '   '];

/** Each kind of setting, with a variable of that kind and the namespace that reads it. */
const KINDS: Array<[kind: string, variable: string, read: (env: RawEnvironment) => unknown]> = [
  ['number', 'PORT', readAppConfig],
  ['number', 'JWT_EXPIRES_IN', readAuthConfig],
  ['number', 'REFRESH_EXPIRES_IN', readAuthConfig],
  ['number', 'CACHE_TTL', readCacheConfig],
  ['number', 'THROTTLE_AUTH_LIMIT', readRateLimitConfig],
  ['number', 'THROTTLE_LIMIT', readRateLimitConfig],
  ['enum', 'NODE_ENV', readAppConfig],
  ['enum', 'LOG_LEVEL', readAppConfig],
  ['enum', 'LOG_FORMAT', readAppConfig],
  ['string', 'HOST', readAppConfig],
  ['list', 'CORS_ORIGINS', readAppConfig],
  ['URL', 'DATABASE_URL', readDatabaseConfig],
  ['URL', 'REDIS_URL', readRedisConfig],
  ['URL', 'REDIS_STATE_URL', readRedisConfig],
  ['secret', 'JWT_SECRET', readAuthConfig],
];

describe('a blank environment variable means unset', () => {
  describe.each(KINDS)('%s setting %s', (_kind, variable, read) => {
    it.each(BLANKS)('passes validation and reads as the default when it is %j', (blank) => {
      expect(() => validateEnvironment({ [variable]: blank })).not.toThrow();
      expect(read({ [variable]: blank })).toEqual(read({}));
    });
  });

  it('gives the login limit its default, 10, never 0 ("off")', () => {
    expect(readRateLimitConfig({ THROTTLE_AUTH_LIMIT: '' })).toEqual({ auth: 10, api: 600 });
    expect(readRateLimitConfig({ THROTTLE_LIMIT: ' ' })).toEqual({ auth: 10, api: 600 });
  });

  it('turns a limit off only with an explicit 0', () => {
    expect(readRateLimitConfig({ THROTTLE_AUTH_LIMIT: '0', THROTTLE_LIMIT: '0' })).toEqual({
      auth: 0,
      api: 0,
    });
  });

  it('falls back to REDIS_URL for the state Redis when REDIS_STATE_URL is blank', () => {
    expect(readRedisConfig({ REDIS_URL: 'redis://cache:6379', REDIS_STATE_URL: '' })).toEqual({
      cacheUrl: 'redis://cache:6379',
      stateUrl: 'redis://cache:6379',
      stateUrlIsOwn: false,
    });
  });

  it('still refuses a blank JWT_SECRET in production, as unset', () => {
    expect(() =>
      validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: ' '.repeat(32) }),
    ).toThrow('Invalid environment: JWT_SECRET: required');
  });

  describe('through ConfigModule, as every reader in the app gets it', () => {
    const saved = { ...process.env };
    afterEach(() => {
      process.env.THROTTLE_AUTH_LIMIT = saved.THROTTLE_AUTH_LIMIT;
      process.env.THROTTLE_LIMIT = saved.THROTTLE_LIMIT;
    });

    it('reads THROTTLE_AUTH_LIMIT= as 10 and THROTTLE_LIMIT= as 600', async () => {
      process.env.THROTTLE_AUTH_LIMIT = '';
      process.env.THROTTLE_LIMIT = '';
      const moduleRef = await Test.createTestingModule({
        imports: [
          ConfigModule.forRoot({
            ignoreEnvFile: true,
            validate: validateEnvironment,
            load: [rateLimitConfig],
          }),
        ],
      }).compile();
      const limits = moduleRef.get<ConfigType<typeof rateLimitConfig>>(rateLimitConfig.KEY);
      expect(limits).toEqual({ auth: 10, api: 600 });
      await moduleRef.close();
    });
  });
});
