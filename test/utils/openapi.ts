import type { TestApp } from './test-app.js';

export interface Operation {
  method: string;
  /** OpenAPI form: `/api/users/{id}`. */
  path: string;
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; schema?: Record<string, unknown> }[];
  requestBody?: unknown;
  responses: Record<string, unknown>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Omit<Operation, 'method' | 'path'>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

const METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** The document the running app serves at /docs-json. */
export async function fetchDocument(t: TestApp): Promise<OpenApiDocument> {
  return (await t.http().get('/docs-json').expect(200)).body as OpenApiDocument;
}

export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ ...op, method: method.toUpperCase(), path })),
  );
}

/** `/api/users/{id}` to Fastify's `/api/users/:id`. */
export const toRoute = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** A concrete URL for an operation, with every path parameter set to `value`. */
export const fill = (path: string, value: string | number) =>
  path.replace(/\{\w+\}/g, String(value));
