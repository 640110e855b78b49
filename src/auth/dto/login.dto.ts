import { IsString, Length } from 'class-validator';

export class LoginDto {
  /** @example "ada_lovelace" */
  @IsString()
  @Length(1, 30)
  username: string;

  /** @example "correct horse battery staple" */
  @IsString()
  @Length(1, 128)
  password: string;
}
