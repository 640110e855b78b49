import rateLimit from '@fastify/rate-limit';
import { Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import type { rateLimitConfig } from '../config/rate-limit.config.js';
import type { RedisService } from '../redis/redis.service.js';
import { RedisCounters } from './redis-counters.js';

/**
 * Routes that share the stricter login budget (THROTTLE_AUTH_LIMIT): each one
 * checks a password, so each one is a way to guess it. Changing the password
 * checks the current one: with a stolen access token it would otherwise be a
 * guessing oracle at the rate of every other route.
 */
export const AUTH_BUCKET_ROUTES: ReadonlySet<string> = new Set([
  '/api/auth/login',
  '/api/auth/register',
  '/api/auth/password',
]);

/**
 * Per-IP rate limits, counted by Fastify's own rate-limit plugin before a
 * request reaches Nest. (@nestjs/throttler 6 is CommonJS that requires the
 * ESM-only @nestjs/common 12: Node runs it, but Jest cannot load it, which
 * would leave every end-to-end test without the real app.)
 *
 * With a state Redis (REDIS_STATE_URL, else REDIS_URL), every process counts
 * against the same budget. If Redis fails, requests pass uncounted (fail open,
 * see RedisCounters) rather than wait.
 */
export async function registerRateLimits(
  app: NestFastifyApplication,
  limits: ConfigType<typeof rateLimitConfig>,
  redis: RedisService,
) {
  const bucketOf = (req: FastifyRequest) =>
    AUTH_BUCKET_ROUTES.has(req.routeOptions.url ?? '') ? 'auth' : 'api';
  const limitOf = (req: FastifyRequest) => limits[bucketOf(req)];
  const connection =
    limits.auth > 0 || limits.api > 0 ? await redis.connection('state') : undefined;
  const counters = connection && new RedisCounters(connection, new Logger('RateLimit'));
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    max: (req) => limitOf(req),
    allowList: (req) => limitOf(req) === 0,
    keyGenerator: (req) => `${bucketOf(req)}:${req.ip}`,
    ...(counters ? { store: counters.storeClass(), skipOnError: true } : {}),
    addHeadersOnExceeding: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
    },
    addHeaders: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': true,
    },
    errorResponseBuilder: (_req, context) => ({
      statusCode: 429,
      error: 'Too Many Requests',
      message: `Rate limit exceeded, retry in ${Math.ceil(context.ttl / 1000)} seconds`,
    }),
  });
}
