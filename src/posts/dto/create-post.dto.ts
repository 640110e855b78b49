import { IsString, Length } from 'class-validator';
import { Trim } from '../../common/trim.transform.js';

export class CreatePostDto {
  /**
   * 1–280 characters after trimming.
   * @example "Hello, world!"
   */
  @Trim()
  @IsString()
  @Length(1, 280)
  text: string;
}
