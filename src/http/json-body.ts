import { BadRequestException } from '@nestjs/common';

/**
 * How deeply a request body may nest. Every DTO of the API is flat, so 32 is
 * far more than any valid body needs, and far less than the depth (about a
 * thousand) at which class-transformer's recursive `plainToInstance` in the
 * validation pipe overflows the stack and turns a 3 KB body into a 500.
 */
export const MAX_JSON_DEPTH = 32;

/**
 * Parses a JSON request body, or throws a 400 in the contract's shape. An empty
 * body is no body (some clients send the JSON content type on every request,
 * DELETE included); a route that needs one refuses it in validation.
 *
 * JSON.parse itself is iterative in V8, so any nesting parses; the one walk
 * below then bounds the depth before anything recursive sees the value, and
 * refuses a `__proto__` key at any level (JSON.parse makes it an own property,
 * which class-transformer would copy onto the DTO as its prototype). Fastify's
 * parser (secure-json-parse) refuses `__proto__` too, but with the same message
 * as malformed JSON, and does not bound depth; the walk is needed anyway.
 */
export function parseJsonBody(text: string): unknown {
  if (text.length === 0) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new BadRequestException('Body is not valid JSON');
  }
  checkStructure(value);
  return value;
}

function checkStructure(root: unknown): void {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (pending.length > 0) {
    const { value, depth } = pending.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      throw new BadRequestException(`Body nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    if (Object.hasOwn(value, '__proto__')) {
      throw new BadRequestException('property __proto__ should not exist');
    }
    for (const child of Object.values(value)) pending.push({ value: child, depth: depth + 1 });
  }
}
