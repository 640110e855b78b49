import { ApiProperty } from '@nestjs/swagger';

// The bare @ApiProperty() keeps the fields in this order in the schema; the
// Swagger plugin fills in their types and examples.

/** The shape of every error response. */
export class ErrorResponseDto {
  /** @example 400 */
  @ApiProperty()
  statusCode: number;
  /** @example "Bad Request" */
  @ApiProperty()
  error: string;
  /** One message, or one per invalid field. */
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['property nickname should not exist'],
  })
  message: string | string[];
}
