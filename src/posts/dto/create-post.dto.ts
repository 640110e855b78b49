import { IsString } from 'class-validator';
import { CharLength } from '../../common/char-length.validator.js';
import { Trim } from '../../common/trim.transform.js';

export class CreatePostDto {
  /**
   * 1–280 characters after trimming.
   * @example "Hello, world!"
   */
  @Trim()
  @IsString()
  @CharLength(1, 280)
  text: string;
}
