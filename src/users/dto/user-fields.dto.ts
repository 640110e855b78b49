import { IsString, Matches } from 'class-validator';
import { CharLength } from '../../common/char-length.validator.js';
import { Trim } from '../../common/trim.transform.js';

/** The writable profile fields and their rules, declared once; request DTOs pick from here. */
export class UserFieldsDto {
  /**
   * 3–30 letters, digits or underscores; unique without regard to case.
   * @example "ada_lovelace"
   */
  @IsString()
  @Matches(/^[A-Za-z0-9_]{3,30}$/, {
    message: 'username must be 3-30 characters of letters, digits and underscores',
  })
  username: string;

  /**
   * Display name, 1–50 characters after trimming.
   * @example "Ada Lovelace"
   */
  @Trim()
  @IsString()
  @CharLength(1, 50)
  name: string;

  /**
   * Up to 160 characters.
   * @example "Analyst, metaphysician and founder of scientific computing."
   */
  @IsString()
  @CharLength(0, 160)
  bio: string;
}
