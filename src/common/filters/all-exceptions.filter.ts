import {
  type ArgumentsHost,
  Catch,
  HttpException,
  HttpStatus,
  Logger,
  ServiceUnavailableException,
  ConflictException,
  InternalServerErrorException,
} from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { isDatabaseUnavailable, isUniqueViolation } from '../database-errors.js';

/**
 * Every error leaves in Nest's `{statusCode, error, message}` shape. HTTP
 * exceptions pass through; a lost database is a 503, a unique-key race a 409,
 * and anything else a bare 500. Driver messages and stacks go to the log only.
 */
@Catch()
export class AllExceptionsFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  override catch(exception: unknown, host: ArgumentsHost): void {
    super.catch(this.toHttp(exception), host);
  }

  private toHttp(exception: unknown): HttpException {
    if (exception instanceof HttpException) return withErrorName(exception);
    // Errors raised by Fastify itself (body too large, malformed JSON) carry a status.
    const status = (exception as { statusCode?: number } | null)?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return withErrorName(new HttpException((exception as Error).message, status));
    }
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn(`Database unavailable: ${(exception as Error).message}`);
      return new ServiceUnavailableException('Database unavailable, try again shortly');
    }
    if (isUniqueViolation(exception))
      return new ConflictException('Conflicts with an existing resource');
    this.logger.error(exception);
    // Bare, Nest's 500 body has no `error` field; the contract's shape needs one.
    return withErrorName(new InternalServerErrorException());
  }
}

/** Gives every error body the `error` field, which Fastify's own errors lack. */
function withErrorName(exception: HttpException): HttpException {
  const status = exception.getStatus();
  const body = exception.getResponse();
  if (typeof body === 'object' && 'error' in body) return exception;
  const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
  return new HttpException(
    { statusCode: status, error: reasonPhrase(status), message: message ?? exception.message },
    status,
    { cause: exception },
  );
}

function reasonPhrase(status: number): string {
  const name = HttpStatus[status] as string | undefined;
  return name
    ? name
        .toLowerCase()
        .split('_')
        .map((w) => w[0].toUpperCase() + w.slice(1))
        .join(' ')
    : 'Error';
}
