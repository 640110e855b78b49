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

  // Path parameters stay raw text for ParseIdPipe: converting "1e3" to 1000 here
  // would let a malformed id through.
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}

/** Messages of nested errors are prefixed with their path, e.g. `author.name must be ...`. */
function messagesOf(error: ValidationError, path = ''): string[] {
  const name = path ? `${path}.${error.property}` : error.property;
  const own = Object.values(error.constraints ?? {}).map((m) => (path ? `${path}.${m}` : m));
  return [...own, ...(error.children ?? []).flatMap((c) => messagesOf(c, name))];
}
