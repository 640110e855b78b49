import rateLimit from '@fastify/rate-limit';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';

/** Routes that share the stricter login/register budget (THROTTLE_AUTH_LIMIT). */
export const AUTH_BUCKET_ROUTES = new Set(['/api/auth/login', '/api/auth/register']);

export interface RateLimits {
  /** Requests a minute per client IP to login and register; 0 turns it off. */
  auth: number;
  /** Requests a minute per client IP to every other route; 0 turns it off. */
  api: number;
}

/**
 * Per-IP rate limits, counted by Fastify's own rate-limit plugin before a
 * request reaches Nest. (@nestjs/throttler 6 is CommonJS that requires the
 * ESM-only @nestjs/common 12: Node runs it, but Jest cannot load it, which
 * would leave every end-to-end test without the real app.)
 */
export async function registerRateLimits(app: NestFastifyApplication, limits: RateLimits) {
  const bucketOf = (req: FastifyRequest) =>
    AUTH_BUCKET_ROUTES.has(req.routeOptions.url ?? '') ? 'auth' : 'api';
  const limitOf = (req: FastifyRequest) => limits[bucketOf(req)];
  await app.register(rateLimit, {
    global: true,
    timeWindow: 60_000,
    max: (req) => limitOf(req),
    allowList: (req) => limitOf(req) === 0,
    keyGenerator: (req) => `${bucketOf(req)}:${req.ip}`,
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
