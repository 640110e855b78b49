import { IsString, Length } from 'class-validator';

export class ChangePasswordDto {
  /** @example "correct horse battery staple" */
  @IsString()
  @Length(1, 128)
  currentPassword: string;

  /**
   * 8–128 characters.
   * @example "a new and longer passphrase"
   */
  @IsString()
  @Length(8, 128)
  newPassword: string;
}
