import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger';
import { RATE_LIMIT_DEFAULTS } from '../../config/rate-limit.config.js';
import { ERRORS, errorResponse } from '../decorators/api-errors.decorator.js';
import { type AuthRule, SECURITY } from '../decorators/auth.decorator.js';

export interface ContractFacts {
  /** The operationIds of the GETs served through the cache (they answer `X-Cache`). */
  cachedOperations: ReadonlySet<string>;
  /** The auth rule of each operationId, as the guard applies it (auth.decorator.ts). */
  authRules: ReadonlyMap<string, AuthRule>;
  /** Routes with the stricter login rate limit, as Fastify names them (`/api/auth/login`). */
  authBucketRoutes: ReadonlySet<string>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const HEADERS = {
  'X-Cache': {
    description:
      '`HIT` when the response came from the cache, `MISS` when it was read from the database',
    schema: { type: 'string', enum: ['HIT', 'MISS'] },
  },
  'Retry-After': {
    description: 'Seconds until the rate-limit window resets',
    schema: { type: 'integer', example: 42 },
  },
};

const RATE_LIMIT = {
  auth: `Rate limit hit: login, register and password change share THROTTLE_AUTH_LIMIT requests a minute per client IP (${RATE_LIMIT_DEFAULTS.auth} by default)`,
  api: `Rate limit hit: THROTTLE_LIMIT requests a minute per client IP (${RATE_LIMIT_DEFAULTS.api} by default)`,
};

/** A 400 example that matches what the route takes, when the route did not choose its own. */
const BAD_REQUEST = {
  body: ERRORS[400].example.message,
  id: 'id must be a positive integer',
  query: ['limit must not be greater than 100'],
};

/**
 * Rules of the HTTP contract that hold for every route, written into the
 * document in one place instead of on each handler:
 * - the security of every operation, from the auth rule its guard applies;
 * - 429 on every route (the rate limit runs before routing reaches Nest), 413 and
 *   415 on every route with a body, 503 on every route (each one can need the database);
 * - the `X-Cache` header on every read declared `@Cached`;
 * - path ids are positive integers, and every number of the API is an integer
 *   (TypeScript has one `number`, so the plugin cannot tell);
 * - timestamps (`createdAt`, `updatedAt`, ...) are ISO 8601 date-time strings;
 * - request bodies refuse unknown fields (`additionalProperties: false`).
 * A response a route documents itself is left as the route says it.
 */
export function applyContractRules(document: OpenAPIObject, facts: ContractFacts): OpenAPIObject {
  const components = (document.components ??= {});
  components.headers = { ...components.headers, ...HEADERS };
  const requestSchemas = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) {
    const route = path.replace(/\{(\w+)\}/g, ':$1');
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.security = SECURITY[facts.authRules.get(operation.operationId ?? '') ?? 'required'];
      addCommonResponses(operation, facts.authBucketRoutes.has(route) ? 'auth' : 'api');
      if (operation.operationId && facts.cachedOperations.has(operation.operationId)) {
        addHeaderToSuccesses(operation, 'X-Cache');
      }
      tailorBadRequestExample(operation);
      for (const parameter of operation.parameters ?? []) describeParameter(parameter);
      const body = operation.requestBody;
      const ref = body && !('$ref' in body) && body.content['application/json']?.schema;
      if (ref && '$ref' in ref) requestSchemas.add(ref.$ref.split('/').pop()!);
    }
  }
  for (const [name, schema] of Object.entries(components.schemas ?? {})) {
    applySchemaRules(schema);
    if (requestSchemas.has(name) && !('$ref' in schema)) schema.additionalProperties = false;
  }
  return document;
}

function addCommonResponses(operation: OperationObject, bucket: 'auth' | 'api'): void {
  const added: Record<string, ResponseObject> = {
    429: withHeader(errorResponse(429, RATE_LIMIT[bucket]), 'Retry-After'),
    503: errorResponse(503),
  };
  if (operation.requestBody) {
    added[413] = errorResponse(413);
    added[415] = errorResponse(415);
  }
  // Integer-like keys keep ascending order, so the statuses stay sorted.
  operation.responses = { ...added, ...operation.responses };
}

function addHeaderToSuccesses(operation: OperationObject, header: keyof typeof HEADERS): void {
  for (const [status, response] of Object.entries(operation.responses)) {
    if (status.startsWith('2') && response && !('$ref' in response)) {
      operation.responses[status] = withHeader(response, header);
    }
  }
}

function withHeader(response: ResponseObject, name: keyof typeof HEADERS): ResponseObject {
  return {
    ...response,
    headers: { ...response.headers, [name]: { $ref: `#/components/headers/${name}` } },
  };
}

function tailorBadRequestExample(operation: OperationObject): void {
  const response = operation.responses[400];
  if (!response || '$ref' in response) return;
  const content = response.content?.['application/json'];
  const example = content?.example as { message?: unknown } | undefined;
  if (!content || JSON.stringify(example?.message) !== JSON.stringify(BAD_REQUEST.body)) return;
  const params = (operation.parameters ?? []) as ParameterObject[];
  const message = operation.requestBody
    ? BAD_REQUEST.body
    : params.some((p) => p.in === 'path' && p.name === 'id')
      ? BAD_REQUEST.id
      : BAD_REQUEST.query;
  response.content = { 'application/json': { ...content, example: { ...example, message } } };
}

function describeParameter(parameter: ParameterObject | ReferenceObject): void {
  if ('$ref' in parameter) return;
  if (parameter.in === 'path' && parameter.name === 'id') {
    parameter.description ??= 'A positive integer; anything else is a 400';
    parameter.schema = { type: 'integer', minimum: 1, example: 1 };
  } else if (parameter.schema) {
    applySchemaRules(parameter.schema);
  }
}

/** Integers for numbers, date-time for timestamps, all the way down. */
function applySchemaRules(schema: SchemaObject | ReferenceObject): void {
  if ('$ref' in schema) return;
  if (schema.type === 'number') schema.type = 'integer';
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    applySchemaRules(property);
    if (/At$/.test(name) && !('$ref' in property) && property.type === 'string') {
      property.format = 'date-time';
    }
  }
  if (schema.items) applySchemaRules(schema.items);
}
