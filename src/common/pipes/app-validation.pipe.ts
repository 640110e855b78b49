import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';

/**
 * The app-wide validation: unknown fields are refused, never stored; DTOs are
 * instantiated with their transforms (trimming, numbers from query strings).
 */
export class AppValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      forbidUnknownValues: true,
      transform: true,
      exceptionFactory: (errors) => new BadRequestException(errors.flatMap((e) => messagesOf(e))),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const unknown = inheritedNames(value, metadata);
    if (unknown.length > 0) {
      throw new BadRequestException(unknown.map((name) => `property ${name} should not exist`));
    }
    return super.transform(value, metadata);
  }

  // Path parameters stay raw text for ParseIdPipe: converting "1e3" to 1000 here
  // would let a malformed id through.
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

/**
 * The own keys of a body or query that are named like a member of the DTO's
 * prototype chain (`constructor`, `toString`, `__proto__`, `hasOwnProperty`...).
 * class-transformer skips a key whose name already holds a function on the new
 * instance, so `whitelist` never sees such a key and it would pass silently (and,
 * in a query, into the cache key). No DTO declares a field of such a name.
 */
function inheritedNames(value: unknown, { type, metatype }: ArgumentMetadata): string[] {
  if ((type !== 'body' && type !== 'query') || typeof metatype !== 'function') return [];
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).filter((key) => Reflect.has(metatype.prototype as object, key));
}

/** Messages of nested errors are prefixed with their path, e.g. `author.name must be ...`. */
function messagesOf(error: ValidationError, path = ''): string[] {
  const name = path ? `${path}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((m) => (path ? `${path}.${m}` : m));
  return [...own, ...(error.children ?? []).flatMap((c) => messagesOf(c, name))];
}
