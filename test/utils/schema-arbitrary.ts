import fc from 'fast-check';

export type Schema = Record<string, unknown> & {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  nullable?: boolean;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

/** Resolves `#/components/schemas/X` references against a document's schemas. */
export function resolver(schemas: Record<string, Schema>) {
  const resolve = (schema: Schema): Schema => {
    if (schema.$ref) return resolve(schemas[schema.$ref.split('/').pop()!]);
    if (schema.allOf) {
      return schema.allOf.map(resolve).reduce<Schema>(
        (merged, part) => ({
          ...merged,
          ...part,
          properties: { ...merged.properties, ...part.properties },
          required: [...(merged.required ?? []), ...(part.required ?? [])],
        }),
        {},
      );
    }
    return schema;
  };
  return resolve;
}

/** Values that satisfy a schema: what a well-behaved client would send. */
export function validValue(schema: Schema, resolve: (s: Schema) => Schema): fc.Arbitrary<unknown> {
  const s = resolve(schema);
  if (s.oneOf ?? s.anyOf)
    return fc.oneof(...(s.oneOf ?? s.anyOf)!.map((x) => validValue(x, resolve)));
  switch (s.type) {
    case 'string':
      if (s.pattern) return fc.stringMatching(new RegExp(s.pattern));
      return fc
        .string({
          unit: 'grapheme',
          minLength: Math.max(s.minLength ?? 0, 0),
          maxLength: Math.min(s.maxLength ?? 40, 300),
        })
        .filter((v) => v.trim().length >= (s.minLength ?? 0));
    case 'integer':
    case 'number':
      return fc.integer({ min: s.minimum ?? -1000, max: Math.min(s.maximum ?? 1000, 1_000_000) });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(validValue(s.items ?? {}, resolve), { maxLength: 3 });
    case 'object':
    default: {
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      return fc.record(
        Object.fromEntries(Object.entries(props).map(([k, v]) => [k, validValue(v, resolve)])),
        { requiredKeys: Object.keys(props).filter((k) => required.has(k)) },
      );
    }
  }
}

/** Hostile scalars: wrong types, edge sizes, control characters, injection fragments. */
export const hostileScalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e\u200b',
    "' OR 1=1 --",
    '"; DROP TABLE `user`; --',
    '<script>alert(1)</script>',
    '${7*7}',
    '../../etc/passwd',
    '%00',
    'null',
    '😀'.repeat(300),
    'x'.repeat(5000),
    -1,
    0,
    1.5,
    2 ** 53,
    -(2 ** 63),
    Number.MAX_VALUE,
    true,
    null,
    [],
    {},
  ),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.integer(),
  fc.double({ noNaN: false }),
);

/** Adds a key as raw JSON text, so `__proto__` reaches the server as sent. */
function withRawKey(body: Record<string, unknown>, key: string, value: unknown): string {
  const inner = JSON.stringify(body).slice(1, -1);
  return `{${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}${inner ? `,${inner}` : ''}}`;
}

/**
 * A JSON text that breaks a schema: a field removed, retyped or added
 * (prototype keys included), or not an object at all.
 */
export function brokenBody(schema: Schema, resolve: (s: Schema) => Schema): fc.Arbitrary<string> {
  const s = resolve(schema);
  const keys = Object.keys(s.properties ?? {});
  const base = validValue(s, resolve) as fc.Arbitrary<Record<string, unknown>>;
  const variants: fc.Arbitrary<string>[] = [
    hostileScalar.map((v) => JSON.stringify(v) ?? 'null'),
    fc
      .tuple(
        base,
        fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'isAdmin', 'userId'),
        hostileScalar,
      )
      .map(([body, key, value]) => withRawKey(body, key, value)),
  ];
  if (keys.length > 0) {
    variants.push(
      fc.tuple(base, fc.constantFrom(...keys)).map(([body, key]) => {
        const copy = { ...body };
        delete copy[key];
        return JSON.stringify(copy);
      }),
      fc
        .tuple(base, fc.constantFrom(...keys), hostileScalar)
        .map(([body, key, value]) => JSON.stringify({ ...body, [key]: value })),
    );
  }
  return fc.oneof(...variants);
}
