import { ApiProperty } from '@nestjs/swagger';

/** The shape of every error response. */
export class ErrorResponseDto {
  /** @example 400 */
  statusCode: number;
  /** @example "Bad Request" */
  error: string;
  /** One message, or one per invalid field. */
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['username must be 3-30 characters of letters, digits and underscores'],
  })
  message: string | string[];
}
