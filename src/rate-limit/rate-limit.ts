import rateLimit from '@fastify/rate-limit';
import { Logger } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { RedisCounters } from './redis-counters.js';

/** Routes that share the stricter login/register budget (THROTTLE_AUTH_LIMIT). */
export const AUTH_BUCKET_ROUTES = new Set(['/api/auth/login', '/api/auth/register']);

export interface RateLimits {
  /** Requests a minute per client IP to login and register; 0 turns it off. */
  auth: number;
  /** Requests a minute per client IP to every other route; 0 turns it off. */
  api: number;
  /** Counts in this Redis, shared by every process, when set; in process memory otherwise. */
  redisUrl?: string;
}

/**
 * Per-IP rate limits, counted by Fastify's own rate-limit plugin before a
 * request reaches Nest. (@nestjs/throttler 6 is CommonJS that requires the
 * ESM-only @nestjs/common 12: Node runs it, but Jest cannot load it, which
 * would leave every end-to-end test without the real app.)
 *
 * With Redis, every process counts against the same budget. If Redis fails,
 * requests pass uncounted (fail open, see RedisCounters) rather than wait.
 */
export async function registerRateLimits(app: NestFastifyApplication, limits: RateLimits) {
  const bucketOf = (req: FastifyRequest) =>
    AUTH_BUCKET_ROUTES.has(req.routeOptions.url ?? '') ? 'auth' : 'api';
  const limitOf = (req: FastifyRequest) => limits[bucketOf(req)];
  const counters =
    limits.redisUrl && (limits.auth > 0 || limits.api > 0)
      ? await RedisCounters.connect(limits.redisUrl, new Logger('RateLimit'))
      : undefined;
  if (counters) {
    // onClose runs once the server has stopped and the requests in flight have finished.
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onClose', async () => counters.close());
  }
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
