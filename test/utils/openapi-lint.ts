// The rules of Redocly's `recommended` ruleset that this document has broken
// before, checked without the Redocly CLI (a dependency we do not carry):
// security-defined, no-empty-servers, info-license(-strict),
// no-invalid-media-type-examples, no-invalid-schema-examples and
// no-invalid-parameter-examples, operation-4xx-response. Each returns the
// problems it finds, as `where: what`, so a failure names every one at once.
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/* eslint-disable @typescript-eslint/no-explicit-any -- the document is walked as plain JSON */
type Doc = any;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'];

function operations(doc: Doc): [string, any][] {
  return Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as any)[m]).map(
      (m) => [`${m.toUpperCase()} ${path}`, (item as any)[m]] as [string, any],
    ),
  );
}

/** security-defined: every operation has security (its own or the root's); every scheme exists. */
export function securityProblems(doc: Doc): string[] {
  const schemes = new Set(Object.keys(doc.components?.securitySchemes ?? {}));
  const problems: string[] = [];
  for (const [where, op] of operations(doc)) {
    const security = op.security ?? doc.security;
    if (!Array.isArray(security)) problems.push(`${where}: no security defined`);
    for (const requirement of security ?? []) {
      for (const name of Object.keys(requirement)) {
        if (!schemes.has(name)) problems.push(`${where}: no \`${name}\` security scheme`);
      }
    }
  }
  return problems;
}

/** no-empty-servers (present, non-empty) and no-server-trailing-slash. */
export function serverProblems(doc: Doc): string[] {
  if (!Array.isArray(doc.servers) || doc.servers.length === 0) {
    return ['servers: must be a non-empty list'];
  }
  return doc.servers
    .filter((s: { url?: string }) => s.url !== '/' && s.url?.endsWith('/'))
    .map((s: { url: string }) => `servers: ${s.url} ends with a slash`);
}

/** info-license and info-license-strict: a license, with a url or an identifier. */
export function licenseProblems(doc: Doc): string[] {
  const license = doc.info?.license;
  if (!license?.name) return ['info.license: missing'];
  return license.url || license.identifier ? [] : ['info.license: needs a url or an identifier'];
}

/** operation-4xx-response: every operation documents at least one 4xx. */
export function missing4xxProblems(doc: Doc): string[] {
  return operations(doc)
    .filter(([, op]) => !Object.keys(op.responses ?? {}).some((s) => /^4/.test(s)))
    .map(([where]) => `${where}: no 4xx response`);
}

/**
 * Every example against its own schema, as Redocly validates them: an example
 * may not carry a property that its schema does not describe, unless the
 * schema says so (`allowAdditionalProperties: false`, the rules' default).
 */
export function exampleProblems(doc: Doc): string[] {
  const validate = validator(doc);
  const problems: string[] = [];
  const check = (where: string, schema: unknown, example: unknown) => {
    if (schema === undefined || example === undefined) return;
    const errors = validate(schema, example);
    if (errors) problems.push(`${where}: ${errors}`);
  };
  const walkSchema = (where: string, schema: any) => {
    if (!schema || typeof schema !== 'object' || '$ref' in schema) return;
    check(`${where}.example`, schema, schema.example);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      walkSchema(`${where}.${name}`, property);
    }
    if (typeof schema.additionalProperties === 'object') {
      walkSchema(`${where}.*`, schema.additionalProperties);
    }
    if (schema.items) walkSchema(`${where}[]`, schema.items);
    for (const key of ['oneOf', 'anyOf', 'allOf']) {
      (schema[key] ?? []).forEach((s: unknown, i: number) => walkSchema(`${where}.${key}${i}`, s));
    }
  };
  const walkContent = (where: string, content: Record<string, any> | undefined) => {
    for (const [type, media] of Object.entries(content ?? {})) {
      check(`${where} ${type} example`, media.schema, media.example);
      for (const [name, example] of Object.entries(media.examples ?? {})) {
        check(`${where} ${type} examples.${name}`, media.schema, (example as any).value);
      }
      walkSchema(`${where} ${type} schema`, media.schema);
    }
  };
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    walkSchema(`#/components/schemas/${name}`, schema);
  }
  for (const [where, op] of operations(doc)) {
    for (const parameter of op.parameters ?? []) {
      check(`${where} ?${parameter.name}`, parameter.schema, parameter.example);
      walkSchema(`${where} ?${parameter.name} schema`, parameter.schema);
    }
    walkContent(`${where} request`, op.requestBody?.content);
    for (const [status, response] of Object.entries(op.responses ?? {})) {
      walkContent(`${where} ${status}`, (response as any).content);
    }
  }
  return problems;
}

/** A function that validates an example against an OpenAPI 3.0 schema of `doc`. */
function validator(doc: Doc) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addSchema({
    $id: 'doc',
    components: { schemas: toJsonSchema(doc.components?.schemas ?? {}) },
  });
  return (schema: unknown, example: unknown): string | undefined => {
    const validate = ajv.compile(toJsonSchema(schema) as object);
    if (validate(example)) return undefined;
    return (validate.errors ?? [])
      .map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message}`)
      .join('; ');
  };
}

/**
 * OpenAPI 3.0 schema to JSON Schema: `nullable`, refs into the document, and
 * objects closed where the schema leaves `additionalProperties` unsaid.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema(s));
  if (!schema || typeof schema !== 'object') return schema;
  const node = schema as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref') out.$ref = `doc${String(value)}`;
    else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]),
      );
    } else if (key !== 'nullable' && key !== 'example') out[key] = toJsonSchema(value);
  }
  if (node.properties && node.additionalProperties === undefined) {
    out.additionalProperties = false;
  }
  return node.nullable ? { anyOf: [out, { type: 'null' }] } : out;
}
