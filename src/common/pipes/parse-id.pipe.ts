import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** Whether `text` is a path id: a positive integer in plain decimal (no sign, exponent or zeros first). */
export function isPathId(text: string): boolean {
  return /^[1-9]\d{0,15}$/.test(text) && Number.isSafeInteger(Number(text));
}

/** Path ids are positive integers written in plain decimal; anything else is a 400. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!isPathId(value)) throw new BadRequestException('id must be a positive integer');
    return Number(value);
  }
}
