import { IsString, Length } from 'class-validator';

export class PasswordDto {
  /**
   * 8–128 characters.
   * @example "correct horse battery staple"
   */
  @IsString()
  @Length(8, 128)
  password: string;
}
