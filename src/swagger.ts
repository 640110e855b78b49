import { readFileSync } from 'node:fs';
import { type INestApplication } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { CACHED_READ } from './cache/cache.metadata.js';
import { type AuthRule, authRuleOf, BEARER } from './common/decorators/auth.decorator.js';
import { applyContractRules } from './common/openapi/contract-rules.js';
import metadata from './metadata.js';
import { AUTH_BUCKET_ROUTES } from './rate-limit/rate-limit.js';

// The Swagger CLI plugin's view of the DTOs and controllers (field types, rules,
// doc comments), generated from the sources by `npm run openapi`. Loading it
// here gives the same schemas whether the code was built by `nest build` or
// compiled by SWC under Jest, where the plugin does not run.
await SwaggerModule.loadPluginMetadata(metadata);

const { version, license } = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
) as { version: string; license: string };

const DESCRIPTION = `
The backend of a small social network: accounts, follows, posts, likes and a home feed.

**To authenticate:** open \`POST /api/auth/register\` (or \`/api/auth/login\`), press
**Try it out**, then **Execute**. Copy the \`accessToken\` of the answer, press
**Authorize**, paste it and press **Authorize** again. Swagger UI then sends
\`Authorization: Bearer <accessToken>\` with every request, and keeps it across
page reloads. An access token lasts 15 minutes by default (\`expiresIn\`); exchange
the \`refreshToken\` at \`POST /api/auth/refresh\` for a new pair.

Writes need the token (a lock on the route). Reads are public; with a valid token
they add your own \`following\` (users) and \`liked\` (posts) fields, and an
invalid token is refused with 401 even there.

Every error has the shape \`{statusCode, error, message}\`. Lists are pages,
newest first: \`{items, nextCursor}\`; pass \`nextCursor\` back as \`cursor\`.
Cached reads answer \`X-Cache: HIT|MISS\`. Rate limits apply to every route per
client IP (stricter on login and register) and answer 429 with \`Retry-After\`.
`.trim();

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('social-api')
    .setDescription(DESCRIPTION)
    .setVersion(version)
    .setLicense(license, `https://spdx.org/licenses/${license}.html`)
    // Relative: the API is wherever the document was served from.
    .addServer('/', 'This server')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'The `accessToken` of a Session, from register, login or refresh',
      },
      BEARER,
    )
    .addTag('auth', 'Accounts, login and refresh-token sessions')
    .addTag('users', 'Public profiles; your own profile and account')
    .addTag('follows', 'Following users, and who follows whom')
    .addTag('posts', 'Posts, likes and your home feed')
    .addTag('health', 'Liveness and readiness')
    .build();
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: operationId });
  const handlers = handlersByOperationId(app);
  return applyContractRules(document, {
    cachedOperations: new Set(
      [...handlers]
        .filter(([, h]) => Reflect.hasMetadata(CACHED_READ, h.handler))
        .map(([id]) => id),
    ),
    authRules: new Map<string, AuthRule>(
      [...handlers].map(([id, h]) => [id, authRuleOf(h.handler, h.controller)]),
    ),
    authBucketRoutes: AUTH_BUCKET_ROUTES,
  });
}

export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: `social-api ${version} · API explorer`,
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}

/**
 * `usersGetByUsername` for UsersController.getByUsername: unique, and a good
 * method name in a generated client.
 */
function operationId(controllerKey: string, methodKey: string): string {
  const resource = controllerKey.replace(/Controller$/, '');
  return `${resource[0].toLowerCase()}${resource.slice(1)}${methodKey[0].toUpperCase()}${methodKey.slice(1)}`;
}

/** Every route handler of the app, with its controller, by the operationId it documents. */
export function handlersByOperationId(
  app: INestApplication,
): Map<string, { handler: object; controller: object }> {
  const handlers = new Map<string, { handler: object; controller: object }>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (!metatype) continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const method of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[method];
        if (method === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.hasMetadata(PATH_METADATA, handler)) {
          handlers.set(operationId(metatype.name, method), { handler, controller: metatype });
        }
      }
    }
  }
  return handlers;
}
