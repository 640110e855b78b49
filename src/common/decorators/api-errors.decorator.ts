import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../dto/error-response.dto.js';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Validation failed: a missing, malformed or unknown field, query value or cursor',
  401: 'No valid access token, or wrong credentials',
  403: 'Not the owner of the resource',
  404: 'Not found',
  409: 'The username is taken',
  413: 'Body larger than 64 KiB',
  429: 'Rate limit hit; see Retry-After',
  503: 'The database is unreachable',
};

/** Documents the error statuses a route can answer, all with the shared error shape. */
export const ApiErrors = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], type: ErrorResponseDto }),
    ),
  );
