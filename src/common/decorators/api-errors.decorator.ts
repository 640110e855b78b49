import { applyDecorators } from '@nestjs/common';
import { ApiResponse, DECORATORS, getSchemaPath, type ResponseObject } from '@nestjs/swagger';
import { ErrorResponseDto } from '../dto/error-response.dto.js';

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 503;

interface ErrorDoc {
  description: string;
  /** A body this status really answers, shown as the example in Swagger UI. */
  example: ErrorResponseDto;
}

const error = (statusCode: ErrorStatus, name: string, message: string | string[]) => ({
  statusCode,
  error: name,
  message,
});

/** Every error status of the contract, in one place: what it means and what it looks like. */
export const ERRORS: Record<ErrorStatus, ErrorDoc> = {
  400: {
    description: 'Validation failed: a missing, malformed or unknown field, query value or cursor',
    example: error(400, 'Bad Request', ['property nickname should not exist']),
  },
  401: {
    description: 'No valid access token',
    example: error(401, 'Unauthorized', 'Invalid or missing access token'),
  },
  403: {
    description: 'Not the owner of the resource',
    example: error(403, 'Forbidden', 'Only the author may change this'),
  },
  404: {
    description: 'The resource does not exist',
    example: error(404, 'Not Found', 'User not found'),
  },
  409: {
    description: 'The username is taken (regardless of case)',
    example: error(409, 'Conflict', 'username is already taken'),
  },
  413: {
    description: 'The request body is larger than 64 KiB',
    example: error(413, 'Payload Too Large', 'Request body is too large'),
  },
  415: {
    description: 'The request body is not `application/json`',
    example: error(415, 'Unsupported Media Type', 'Request bodies must be application/json'),
  },
  429: {
    description: 'Rate limit hit; `Retry-After` says how many seconds to wait',
    example: error(429, 'Too Many Requests', 'Rate limit exceeded, retry in 42 seconds'),
  },
  503: {
    description: 'The database is unreachable; retry shortly',
    example: error(503, 'Service Unavailable', 'Database unavailable, try again shortly'),
  },
};

/** The OpenAPI response for an error status, for the document post-processing step. */
export function errorResponse(status: ErrorStatus, description?: string): ResponseObject {
  return {
    description: description ?? ERRORS[status].description,
    content: {
      'application/json': {
        schema: { $ref: getSchemaPath(ErrorResponseDto) },
        example: ERRORS[status].example,
      },
    },
  };
}

/**
 * Documents the route-specific error statuses of a route, all with the shared
 * error shape. 401 comes with the auth decorators, and 413, 415, 429 and 503 are
 * added to every route they apply to by the document post-processing (swagger.ts).
 */
export const ApiErrors = (...statuses: ErrorStatus[]) =>
  applyDecorators(...statuses.map((status) => ApiError(status)));

/** One error status, with a description (and the message of its example) particular to this route. */
export const ApiError = (
  status: ErrorStatus,
  description = ERRORS[status].description,
  message = ERRORS[status].example.message,
) =>
  ApiResponse({
    status,
    description,
    type: ErrorResponseDto,
    example: { ...ERRORS[status].example, message },
  });

/**
 * An error status that a composite decorator documents unless the route
 * already says more about it with `@ApiError`, whichever order they are listed in.
 * On a controller, it documents the status for each of its routes.
 */
export const ApiDefaultError = (status: ErrorStatus, description?: string) =>
  ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (!descriptor) return ApiError(status, description)(target as () => void);
    const documented = Reflect.getMetadata(DECORATORS.API_RESPONSE, descriptor.value as object) as
      Record<string, unknown> | undefined;
    if (documented?.[String(status)]) return descriptor;
    return ApiError(status, description)(target, key!, descriptor);
  }) as MethodDecorator & ClassDecorator;
