import type { SchemaObject } from '@nestjs/swagger';

// What GET /health answers, for the OpenAPI document. Terminus would document
// its own part, but only when it can `require()` @nestjs/swagger, which Jest's
// ESM runtime cannot do; so the document would differ between the build and the tests.

const indicators = (example: object): SchemaObject => ({
  type: 'object',
  description: 'Per indicator (`database`): `{status: up|down, ...}`',
  additionalProperties: {
    type: 'object',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['up', 'down'] },
      message: { type: 'string', description: 'Why it is down' },
    },
  },
  example,
});

const up = { database: { status: 'up' } };
const down = { database: { status: 'down', message: 'timeout of 1500ms exceeded' } };

/** The body of GET /health when the database answers (`ok`, 200) or not (`error`, 503). */
export function healthSchema(status: 'ok' | 'error'): SchemaObject {
  const failing = status === 'error';
  return {
    type: 'object',
    required: ['status', 'info', 'error', 'details', 'cache'],
    properties: {
      status: { type: 'string', enum: [status], example: status },
      info: indicators(failing ? {} : up),
      error: indicators(failing ? down : {}),
      details: indicators(failing ? down : up),
      cache: {
        type: 'object',
        description: 'The response cache; a cache that is down alone keeps the status `ok`',
        required: ['status', 'store'],
        properties: {
          status: { type: 'string', enum: ['up', 'down', 'disabled'] },
          store: { type: 'string', enum: ['redis', 'memory', 'none'] },
        },
        example: { status: 'up', store: 'memory' },
      },
    },
  };
}
