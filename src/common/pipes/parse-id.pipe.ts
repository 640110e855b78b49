import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';
import { parseDecimalInteger } from '../decimal-integer.js';

/** Whether `text` is a path id: a positive integer in plain decimal (no sign, exponent or zeros first). */
export function isPathId(text: string): boolean {
  return (parseDecimalInteger(text) ?? 0) > 0;
}

/** Path ids are positive integers written in plain decimal; anything else is a 400. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!isPathId(value)) throw new BadRequestException('id must be a positive integer');
    return Number(value);
  }
}
