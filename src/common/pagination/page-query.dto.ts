import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min, ValidateBy } from 'class-validator';
import { ToInteger } from '../decimal-integer.js';
import { parseCursor } from './cursor.js';

// Bounds and default are literals so that the Swagger plugin copies them into the
// document. `limit` always has a value here, but callers may leave it out: the
// plugin alone would call it required.
export class PageQueryDto {
  /** How many items to return. */
  @ApiPropertyOptional()
  @IsOptional()
  @ToInteger()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @IsString()
  // Checked here, with the other query values, so a bad cursor is a 400 even
  // where the listed resource does not exist.
  @ValidateBy({
    name: 'isCursor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && parseCursor(value) !== undefined,
      defaultMessage: () => 'cursor is malformed',
    },
  })
  cursor?: string;
}
