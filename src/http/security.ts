import helmet from 'helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * The API answers JSON only, so its responses may load nothing at all and be
 * framed by no one.
 */
const API_POLICY = {
  defaultSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
  frameAncestors: ["'none'"],
};

/**
 * Swagger UI (`/docs`) loads its scripts, styles and icons from this origin.
 * Its page and its React components style elements inline, hence
 * 'unsafe-inline' for styles only; no script runs inline, so scripts stay
 * 'self'. `data:` images are the icons in its CSS. No upgrade-insecure-requests:
 * it would send the docs' own assets to https on a plain-HTTP deployment.
 */
export const DOCS_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const isDocsRoute = (url: string) =>
  url === '/docs' || url.startsWith('/docs/') || url.startsWith('/docs-');

/**
 * Security headers on every response (helmet's defaults: HSTS, nosniff,
 * frame and referrer policies...), with a Content-Security-Policy that is
 * strict for the API and relaxed just enough for Swagger UI.
 *
 * helmet itself, built once per policy: @fastify/helmet 13 builds a new helmet
 * middleware, parsing every option again, for each request, which cost a
 * cached read a fifth of its CPU. Setting headers on the raw response is what
 * @fastify/helmet does too.
 */
export function registerSecurityHeaders(app: NestFastifyApplication): void {
  const api = helmet({ contentSecurityPolicy: { useDefaults: false, directives: API_POLICY } });
  const docs = helmet({ contentSecurityPolicy: { useDefaults: false, directives: DOCS_POLICY } });
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (request, reply, done) => {
      const headers = isDocsRoute(request.routeOptions.url ?? '') ? docs : api;
      headers(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined));
    });
}

/**
 * CORS for the origins in CORS_ORIGINS: none when unset (no CORS headers, so
 * browsers keep other sites from reading responses), any with `*`. Tokens
 * travel in the Authorization header, never in cookies: no credentials mode.
 */
export function enableCors(app: NestFastifyApplication, origins: string[] | '*'): void {
  if (origins !== '*' && origins.length === 0) return;
  app.enableCors({
    origin: origins === '*' ? '*' : origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['Location', 'Retry-After', 'X-Cache', 'X-Request-Id'],
    credentials: false,
    maxAge: 600,
  });
}
