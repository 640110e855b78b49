import { BadRequestException, Injectable, type PipeTransform } from '@nestjs/common';

/** Path ids are positive integers written in plain decimal; anything else is a 400. */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^[1-9]\d{0,15}$/.test(value) ? Number(value) : NaN;
    if (!Number.isSafeInteger(id)) {
      throw new BadRequestException('id must be a positive integer');
    }
    return id;
  }
}
